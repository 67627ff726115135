package source

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/storywire/storywire/internal/model"
)

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

type opmlDoc struct {
	Outlines []opmlOutline `xml:"body>outline"`
}

// opmlFile reads the feeds an OPML file lists: URLs, or paths relative to
// the OPML file.
func (r *reader) opmlFile(origin, path string, body []byte) bool {
	var doc opmlDoc
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return r.fail(origin, fmt.Errorf("%s: not a valid OPML file: %w", origin, err))
	}
	key := origin
	if abs, err := filepath.Abs(path); err == nil && path != "" {
		key = abs
	}
	if i := slices.Index(r.opmlStack, key); i >= 0 {
		chain := append(slices.Clone(r.opmlStack[i:]), key)
		return r.fail(origin, fmt.Errorf("%s includes itself (%s): remove the outline that lists it", origin, strings.Join(chain, " lists ")))
	}
	if r.opml[key] {
		return true // listed again through another OPML file
	}
	r.opml[key] = true
	r.opmlStack = append(r.opmlStack, key)
	defer func() { r.opmlStack = r.opmlStack[:len(r.opmlStack)-1] }()
	var walk func([]opmlOutline) bool
	walk = func(list []opmlOutline) bool {
		for _, o := range list {
			if o.XMLURL != "" {
				if !r.opmlFeed(origin, path, o) {
					return false
				}
			}
			if !walk(o.Outlines) {
				return false
			}
		}
		return true
	}
	return walk(doc.Outlines)
}

func (r *reader) opmlFeed(origin, path string, o opmlOutline) bool {
	if isURL(o.XMLURL) {
		return r.url(o.XMLURL, model.Metadata{})
	}
	p := o.XMLURL
	if !filepath.IsAbs(p) && path != "" {
		p = filepath.Join(filepath.Dir(path), p)
	}
	body, err := r.readFile(p)
	if err != nil {
		return r.fail(p, fmt.Errorf("feed %q listed in %s: %w", firstNonEmpty(o.Title, o.Text, o.XMLURL), origin, err))
	}
	if sniff(body) == kindOPML {
		return r.opmlFile(p, p, body) // a list of feeds listing another (or itself)
	}
	return r.feed(p, body, false)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
