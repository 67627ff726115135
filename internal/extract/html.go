package extract

import (
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/storywire/storywire/internal/extract/plaintext"
	"github.com/storywire/storywire/internal/model"
)

// pageMeta is what an HTML page says about itself in its head and markup.
// Every field is as the page wrote it; nothing is parsed or trusted yet.
type pageMeta struct {
	Title     string // JSON-LD headline, og:title, or <title>
	SiteName  string // og:site_name or the JSON-LD publisher
	Canonical string // <link rel=canonical>, og:url or the JSON-LD url
	Lang      string // <html lang>, JSON-LD inLanguage
	Authors   []string
	Published []string // candidate publication times, best first
}

// readPageMeta collects metadata from JSON-LD, meta and link tags, the html
// element and <time> elements. It does not modify doc.
func readPageMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var ld []ldArticle
	var metaTitle, ogTitle, docTitle, ogURL, canonical string
	var metaPublished, timePublished []string
	var metaAuthors []string

	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if l := attr(n, "lang"); l != "" {
					m.Lang = l
				}
			case atom.Title:
				if docTitle == "" {
					docTitle = textOf(n)
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					ld = append(ld, parseLDJSON(textOf(n))...)
				}
				return
			case atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Link:
				if hasToken(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				val := strings.TrimSpace(attr(n, "content"))
				if val == "" {
					break
				}
				switch key {
				case "og:title", "twitter:title":
					if ogTitle == "" {
						ogTitle = val
					}
				case "title", "dc.title", "headline":
					if metaTitle == "" {
						metaTitle = val
					}
				case "og:site_name", "application-name":
					if m.SiteName == "" {
						m.SiteName = val
					}
				case "og:url":
					if ogURL == "" {
						ogURL = val
					}
				case "author", "dc.creator", "byl", "sailthru.author", "parsely-author":
					metaAuthors = append(metaAuthors, val)
				case "article:published_time", "og:published_time", "datepublished", "pubdate",
					"publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
					"dcterms.created", "dcterms.issued", "parsely-pub-date", "sailthru.date",
					"article.published", "published_time", "original-publish-date":
					metaPublished = append(metaPublished, val)
				case "og:locale", "content-language", "language", "dc.language":
					if m.Lang == "" {
						m.Lang = val
					}
				}
			case atom.Time:
				dt := attr(n, "datetime")
				if dt == "" {
					dt = textOf(n)
				}
				if dt != "" && (hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished") ||
					strings.Contains(strings.ToLower(attr(n, "class")), "publish")) {
					timePublished = append([]string{dt}, timePublished...)
				} else if dt != "" {
					timePublished = append(timePublished, dt)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	var a ldArticle
	for _, x := range ld {
		if x.isArticle() {
			a = x
			break
		}
	}
	cleanTitle, titleSite := splitDocTitle(docTitle, m.SiteName)
	m.Title = firstNonEmpty(a.Headline, ogTitle, metaTitle, cleanTitle)
	m.SiteName = firstNonEmpty(m.SiteName, a.publisherName(), titleSite)
	m.Canonical = firstNonEmpty(canonical, ogURL, a.URL)
	if m.Lang == "" {
		m.Lang = a.InLanguage
	}
	m.Authors = append(a.authorNames(), metaAuthors...)
	if a.DatePublished != "" {
		m.Published = append(m.Published, a.DatePublished)
	}
	m.Published = append(m.Published, metaPublished...)
	m.Published = append(m.Published, timePublished...)
	if len(m.Published) == 0 && a.DateCreated != "" {
		m.Published = append(m.Published, a.DateCreated)
	}
	return m
}

// splitDocTitle splits a <title> into the headline and a trailing
// " | Site" or " - Site", which names the site when nothing else does.
func splitDocTitle(title, site string) (string, string) {
	title = strings.Join(strings.Fields(title), " ")
	for _, sep := range []string{" | ", " – ", " — ", " - ", " :: "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(title[i+len(sep):])
		// Only drop the tail when it is the site name or short enough to be
		// one; a long tail is more likely part of the headline.
		if (site != "" && strings.EqualFold(tail, site)) || len(strings.Fields(tail)) <= 3 {
			return strings.TrimSpace(title[:i]), tail
		}
	}
	return title, ""
}

// ldArticle is the part of a schema.org Article in JSON-LD that Storywire
// reads. Fields whose JSON shape varies are kept raw.
type ldArticle struct {
	Type          json.RawMessage `json:"@type"`
	Headline      string          `json:"headline"`
	URL           string          `json:"url"`
	DatePublished string          `json:"datePublished"`
	DateCreated   string          `json:"dateCreated"`
	InLanguage    string          `json:"inLanguage"`
	Author        json.RawMessage `json:"author"`
	Publisher     json.RawMessage `json:"publisher"`
}

var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"backgroundnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"blogposting": true, "liveblogposting": true, "report": true, "scholarlyarticle": true,
}

func (a ldArticle) isArticle() bool {
	for _, t := range stringOrList(a.Type) {
		if articleTypes[strings.ToLower(t)] {
			return true
		}
	}
	return false
}

func (a ldArticle) authorNames() []string { return names(a.Author) }

func (a ldArticle) publisherName() string {
	if n := names(a.Publisher); len(n) > 0 {
		return n[0]
	}
	return ""
}

// parseLDJSON reads one JSON-LD script: an object, an array, or an object
// with an @graph. Invalid JSON yields nothing: pages often carry broken
// JSON-LD, and the rest of the page may still describe the article.
func parseLDJSON(s string) []ldArticle {
	s = strings.TrimSpace(s)
	var raw json.RawMessage
	if json.Unmarshal([]byte(s), &raw) != nil {
		return nil
	}
	var out []ldArticle
	var visit func(r json.RawMessage, depth int)
	visit = func(r json.RawMessage, depth int) {
		if depth > 4 {
			return
		}
		r = trimJSON(r)
		if len(r) == 0 {
			return
		}
		switch r[0] {
		case '[':
			var list []json.RawMessage
			if json.Unmarshal(r, &list) == nil {
				for _, x := range list {
					visit(x, depth+1)
				}
			}
		case '{':
			var a ldArticle
			if json.Unmarshal(r, &a) == nil && a.isArticle() {
				out = append(out, a)
			}
			var g struct {
				Graph json.RawMessage `json:"@graph"`
			}
			if json.Unmarshal(r, &g) == nil && len(g.Graph) > 0 {
				visit(g.Graph, depth+1)
			}
		}
	}
	visit(raw, 0)
	return out
}

// names reads a JSON-LD person or organisation value: a string, an object
// with a name, or a list of either.
func names(r json.RawMessage) []string {
	r = trimJSON(r)
	if len(r) == 0 {
		return nil
	}
	switch r[0] {
	case '"':
		var s string
		if json.Unmarshal(r, &s) == nil && strings.TrimSpace(s) != "" {
			return []string{strings.TrimSpace(s)}
		}
	case '{':
		var o struct {
			Name json.RawMessage `json:"name"`
		}
		if json.Unmarshal(r, &o) == nil {
			return names(o.Name)
		}
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(r, &list) == nil {
			var out []string
			for _, x := range list {
				out = append(out, names(x)...)
			}
			return out
		}
	}
	return nil
}

func stringOrList(r json.RawMessage) []string {
	var s string
	if json.Unmarshal(r, &s) == nil {
		return []string{s}
	}
	var list []string
	_ = json.Unmarshal(r, &list)
	return list
}

func trimJSON(r json.RawMessage) json.RawMessage {
	return json.RawMessage(strings.TrimSpace(string(r)))
}

// blockAtoms are the elements that end a paragraph of running text.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.Pre: true, atom.Section: true, atom.Article: true, atom.Table: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Hr: true,
}

// paragraphs returns the running text of n as paragraphs, one per block
// element. Figure captions are returned separately: they describe a photo,
// not the event, and a date in them is not the publication date.
func paragraphs(n *html.Node) (paras []string, removed []model.Removal) {
	var buf strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(buf.String()), " "); s != "" {
			paras = append(paras, s)
		}
		buf.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			buf.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg,
				atom.Button, atom.Form, atom.Nav, atom.Aside:
				return
			case atom.Figcaption, atom.Figure:
				if s := strings.Join(strings.Fields(textOf(n)), " "); s != "" {
					removed = append(removed, model.Removal{Kind: "caption", Text: s})
				}
				return
			case atom.Br:
				buf.WriteString("\n")
				return
			}
			if blockAtoms[n.DataAtom] {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	flush()
	return paras, removed
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

// textOf returns the concatenated text of n's descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// fromFlatHTML reads a page the HTML parser refused (parseErr): one nested
// deeper than the 512 elements it builds a tree for, which a hostile or
// broken page can be and a browser still shows. The tokenizer has no such
// limit: the page's running text is read with it, a paragraph per block
// element, without scripts and styles, and cleaned as plain text is; the
// page's metadata and the article-finding of readability are lost.
func fromFlatHTML(src string, parseErr error) (fields, error) {
	z := html.NewTokenizer(strings.NewReader(src))
	var title, buf strings.Builder
	var paras []string
	flush := func() {
		if s := strings.Join(strings.Fields(buf.String()), " "); s != "" {
			paras = append(paras, s)
		}
		buf.Reset()
	}
	skip := 0 // depth inside elements whose text is not the page's
	inTitle := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(z.Text())
			case skip == 0:
				buf.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case a == atom.Title:
				inTitle = tt == html.StartTagToken
			case a == atom.Script, a == atom.Style, a == atom.Noscript, a == atom.Template, a == atom.Svg, a == atom.Nav, a == atom.Aside:
				if tt == html.StartTagToken {
					skip++
				}
			case a == atom.Br:
				buf.WriteString("\n")
			case blockAtoms[a]:
				flush()
			}
		case html.EndTagToken:
			switch {
			case a == atom.Title:
				inTitle = false
			case a == atom.Script, a == atom.Style, a == atom.Noscript, a == atom.Template, a == atom.Svg, a == atom.Nav, a == atom.Aside:
				skip = max(skip-1, 0)
			case blockAtoms[a]:
				flush()
			}
		}
	}
	flush()
	t := strings.Join(strings.Fields(title.String()), " ")
	for len(paras) > 0 && strings.EqualFold(paras[0], t) {
		paras = paras[1:]
	}
	if len(paras) == 0 {
		return fields{}, fmt.Errorf("parse HTML: %w, and no text was found in it: save the article's text instead", parseErr)
	}
	text := strings.Join(paras, "\n\n")
	if t != "" {
		text = t + "\n\n" + text
	}
	f := fromText(text, plaintext.Options{Title: t, Body: true})
	if t != "" {
		f.title = t
	}
	return f, nil
}
