package compare

import (
	"fmt"
	"html/template"
	"io"
)

// htmlPage is self-contained: inline CSS, no scripts, no external
// resources. Every value is inserted by html/template, which escapes it for
// its context, so a "<script>" in an article is shown as text.
var htmlPage = template.Must(template.New("compare").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Headline}}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
li{margin:.35rem 0}ul ul{color:#555;font-size:.93rem}.note{color:#777}
</style>
</head>
<body>
<h1>{{.Headline}}</h1>
<p>{{.Summary}}</p>
{{range .Sections}}<section>
<h2>{{.Title}}</h2>
{{if .Note}}<p class="note">{{.Note}}</p>{{end}}
{{if .Items}}<ul>
{{range .Items}}<li>{{.Head}}{{if .Details}}
<ul>{{range .Details}}<li>{{.}}</li>{{end}}</ul>{{end}}</li>
{{end}}</ul>{{end}}
</section>
{{end}}
</body>
</html>
`))

// HTML writes the comparison as a self-contained, safe HTML page.
func HTML(w io.Writer, c Comparison) error {
	data := struct {
		Headline, Summary string
		Sections          []section
	}{headline(c), summaryLine(c), outline(c)}
	if err := htmlPage.Execute(w, data); err != nil {
		return fmt.Errorf("compare: write HTML report: %w", err)
	}
	return nil
}
