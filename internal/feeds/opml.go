package feeds

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/storywire/storywire/internal/model"
)

// Outline is a feed an OPML subscription list names.
type Outline struct {
	URL   string
	Title string
}

type opmlOutline struct {
	Type     string        `xml:"type,attr,omitempty"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Body    []opmlOutline `xml:"body>outline"`
}

// maxOPML bounds an OPML file read: a subscription list is kilobytes.
const maxOPML = 10 << 20

// ReadOPML reads the feeds an OPML file lists, folders flattened, each URL
// once, in the file's order.
func ReadOPML(r io.Reader) ([]Outline, error) {
	var doc opmlDoc
	if err := xml.NewDecoder(io.LimitReader(r, maxOPML)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("feeds: not a valid OPML file (%v): export the subscription list again from your reader", err)
	}
	var out []Outline
	seen := map[string]bool{}
	var walk func([]opmlOutline)
	walk = func(list []opmlOutline) {
		for _, o := range list {
			if u := strings.TrimSpace(o.XMLURL); u != "" && !seen[u] {
				seen[u] = true
				out = append(out, Outline{URL: u, Title: strings.TrimSpace(firstNonEmpty(o.Title, o.Text))})
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body)
	return out, nil
}

// WriteOPML writes feeds as an OPML 2.0 subscription list.
func WriteOPML(w io.Writer, feeds []model.Feed) error {
	doc := opmlDoc{Version: "2.0", Title: "Storywire feeds"}
	for _, f := range feeds {
		title := firstNonEmpty(f.Title, f.URL)
		doc.Body = append(doc.Body, opmlOutline{Type: "rss", Text: title, Title: title, XMLURL: f.URL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("feeds: write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("feeds: write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
