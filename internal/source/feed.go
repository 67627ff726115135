package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

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
	f, err := ParseFeed(origin, body)
	if err != nil {
		return r.fail(origin, err)
	}
	for _, e := range f.Entries {
		if remote && r.opts.Fetcher != nil && e.Summary {
			if !r.url(e.Doc.Meta.URL, e.Doc.Meta) {
				return false
			}
			continue
		}
		if strings.TrimSpace(string(e.Doc.Body)) == "" && e.Doc.Meta.Title == "" {
			if !r.fail(e.Doc.Origin, fmt.Errorf("%s: feed item has neither content nor a title", e.Doc.Origin)) {
				return false
			}
			continue
		}
		if !r.emit(Item{Origin: e.Doc.Origin, Doc: e.Doc}) {
			return false
		}
	}
	return true
}

// ParsedFeed is an RSS, Atom or JSON feed read into documents.
type ParsedFeed struct {
	Title string
	// TTL is how long an RSS channel asks to be left alone (<ttl>, in
	// minutes); zero when it does not say.
	TTL     time.Duration
	Entries []FeedEntry
}

// FeedEntry is one item of a feed.
type FeedEntry struct {
	// Key names the item within its feed across reads: its GUID, else its
	// link, else its title and date.
	Key string
	// Doc is the item as the feed carried it: its content (or summary) as
	// HTML, with the item's metadata. Origin is "origin#n".
	Doc model.RawDocument
	// Summary is set when the item carries less than an article and links
	// to its page (Doc.Meta.URL), which a reader over HTTP should fetch.
	Summary bool
}

// ParseFeed reads an RSS, Atom or JSON feed. origin names it in the
// entries' origins and in the error, which says the body is not a feed.
func ParseFeed(origin string, body []byte) (ParsedFeed, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return ParsedFeed{}, fmt.Errorf("%s: not a valid RSS, Atom or JSON feed (%v): check that the file is complete", origin, err)
	}
	out := ParsedFeed{Title: strings.TrimSpace(f.Title), Entries: make([]FeedEntry, 0, len(f.Items))}
	if f.FeedType == "rss" {
		out.TTL = rssTTL(body)
	}
	for i, it := range f.Items {
		o := fmt.Sprintf("%s#%d", origin, i+1)
		meta := feedMeta(f, it)
		content := it.Content
		if content == "" {
			content = it.Description
		}
		key := strings.TrimSpace(it.GUID)
		if key == "" {
			key = strings.TrimSpace(it.Link)
		}
		if key == "" {
			key = "title:" + meta.Title + "\n" + meta.Published
		}
		out.Entries = append(out.Entries, FeedEntry{
			Key:     key,
			Doc:     model.RawDocument{Origin: o, Format: model.FormatHTML, Body: []byte(content), Meta: meta},
			Summary: meta.URL != "" && len(strings.TrimSpace(tags.ReplaceAllString(content, ""))) < minContent,
		})
	}
	return out, nil
}

var ttlTag = regexp.MustCompile(`(?is)<ttl>\s*(\d{1,7})\s*</ttl>`)

// rssTTL reads the channel's <ttl>, which gofeed's common form drops. It
// is looked for before the first item, where the channel's fields are.
func rssTTL(body []byte) time.Duration {
	head := body
	if i := bytes.Index(head, []byte("<item")); i >= 0 {
		head = head[:i]
	}
	m := ttlTag.FindSubmatch(head)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		return 0
	}
	return time.Duration(n) * time.Minute
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
