package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/storywire/storywire/internal/model"
)

// minContent is how much text (tags stripped) a feed item must carry to be
// taken as the full article; shorter items are summaries, and for feeds
// read from the web their linked pages are fetched instead.
const minContent = 500

var tags = regexp.MustCompile(`<[^>]*>`)

// feed reads an RSS, Atom or JSON feed. Items of a feed read from a URL
// whose content is only a summary are fetched from their links.
func (r *reader) feed(origin string, body []byte, remote bool) bool {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return r.fail(origin, fmt.Errorf("%s: not a valid RSS, Atom or JSON feed (%v): check that the file is complete", origin, err))
	}
	for i, it := range f.Items {
		o := fmt.Sprintf("%s#%d", origin, i+1)
		meta := feedMeta(f, it)
		content := it.Content
		if content == "" {
			content = it.Description
		}
		if remote && r.opts.Fetcher != nil && meta.URL != "" && len(strings.TrimSpace(tags.ReplaceAllString(content, ""))) < minContent {
			if !r.url(meta.URL, meta) {
				return false
			}
			continue
		}
		if strings.TrimSpace(content) == "" && meta.Title == "" {
			if !r.fail(o, fmt.Errorf("%s: feed item has neither content nor a title", o)) {
				return false
			}
			continue
		}
		doc := model.RawDocument{Origin: o, Format: model.FormatHTML, Body: []byte(content), Meta: meta}
		if !r.emit(Item{Origin: o, Doc: doc}) {
			return false
		}
	}
	return true
}

func feedMeta(f *gofeed.Feed, it *gofeed.Item) model.Metadata {
	m := model.Metadata{
		ID:       it.GUID,
		URL:      it.Link,
		Title:    strings.TrimSpace(it.Title),
		Outlet:   strings.TrimSpace(f.Title),
		Language: f.Language,
	}
	for _, a := range it.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			m.Authors = append(m.Authors, strings.TrimSpace(a.Name))
		}
	}
	if it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			if c = strings.TrimSpace(c); c != "" && !contains(m.Authors, c) {
				m.Authors = append(m.Authors, c)
			}
		}
	}
	switch {
	case it.Published != "":
		m.Published, m.PublishedSource = it.Published, model.FromFeed
	case it.Updated != "":
		m.Published, m.PublishedSource = it.Updated, model.FromFeed
	}
	if len(it.Categories) > 0 {
		b, _ := json.Marshal(it.Categories)
		m.Extra = map[string]json.RawMessage{"categories": b}
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
