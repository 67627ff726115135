package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// Field aliases understood in JSON articles, by the field they fill.
var aliases = map[string][]string{
	"id":        {"id", "_id", "guid"},
	"url":       {"url", "link", "canonical_url", "permalink"},
	"title":     {"title", "headline"},
	"text":      {"text", "body", "content", "content_text", "article", "full_text"},
	"html":      {"html", "content_html", "body_html", "raw_html"},
	"outlet":    {"outlet", "source", "site", "site_name", "publisher", "domain"},
	"authors":   {"authors", "author", "byline", "creator"},
	"published": {"published", "date", "published_at", "publishedAt", "pubDate", "date_published", "datetime", "publish_date", "published_date", "time"},
	"language":  {"language", "lang"},
	// Written by storywire export: where the publication time came from.
	"published_source": {"published_source"},
}

// ReadJSON yields the articles in a body holding one JSON object, an
// array of them, or JSON Lines (a request's body, like a file ingest
// reads): items are named origin, origin#N in an array, origin:N in JSON
// Lines, and each bad item is yielded as an item error while reading goes
// on. At most maxSize bytes are read (DefaultMaxFileSize when 0); a larger
// body is one item error. A record with only a URL is not fetched here
// (there is no Fetcher): it fails with an explanation.
func ReadJSON(ctx context.Context, origin string, r io.Reader, maxSize int64) iter.Seq[Item] {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	return func(yield func(Item) bool) {
		rd := &reader{ctx: ctx, opts: Options{MaxFileSize: maxSize}, yield: yield, opml: map[string]bool{}}
		body, err := io.ReadAll(io.LimitReader(r, maxSize+1))
		switch {
		case err != nil:
			rd.fail(origin, fmt.Errorf("read %s: %w", origin, err))
			return
		case int64(len(body)) > maxSize:
			rd.fail(origin, fmt.Errorf("%s is above the %s limit", origin, humanBytes(maxSize)))
			return
		case len(bytes.TrimSpace(body)) == 0:
			rd.fail(origin, fmt.Errorf("%s is empty: nothing to ingest", origin))
			return
		}
		switch sniff(body) {
		case kindJSONL:
			rd.jsonl(origin, body)
		case kindJSON:
			rd.json(origin, body, false)
		default:
			rd.fail(origin, fmt.Errorf("%s is not JSON: send an article object, an array of them or JSON Lines", origin))
		}
	}
}

// json reads a file holding one article object, an array of them, or a
// JSON Feed. remote says the body came from the web (see feed).
func (r *reader) json(origin string, body []byte, remote bool) bool {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trimmed) > 0 && trimmed[0] == '{' && isJSONFeed(trimmed) {
		return r.feed(origin, trimmed, remote)
	}
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return r.fail(origin, fmt.Errorf("%s: not valid JSON: %w", origin, err))
		}
		for i, raw := range list {
			o := fmt.Sprintf("%s#%d", origin, i+1)
			if !r.object(o, raw) {
				return false
			}
		}
		return true
	}
	return r.object(origin, trimmed)
}

// jsonl reads one article object per line; a bad line is reported with
// its number and the others go on.
func (r *reader) jsonl(origin string, body []byte) bool {
	return r.jsonlFrom(origin, bytes.NewReader(body))
}

// jsonlFrom is jsonl reading as it goes: the size limit is one record's,
// so an export of any size reads back.
func (r *reader) jsonlFrom(origin string, in io.Reader) bool {
	sc := bufio.NewScanner(in)
	// The buffer's first size counts as a limit too, so it starts no larger.
	sc.Buffer(make([]byte, 0, min(64<<10, int(r.opts.MaxFileSize)+1)), int(r.opts.MaxFileSize)+1)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(line) == 0 {
			continue
		}
		if !r.object(fmt.Sprintf("%s:%d", origin, n), line) {
			return false
		}
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		line := fmt.Sprintf("%s:%d", origin, n+1)
		return r.fail(line, fmt.Errorf("%s: the record is above the %s limit, and the lines after it were not read: raise it with --max-size", line, humanBytes(r.opts.MaxFileSize)))
	} else if err != nil {
		return r.fail(fmt.Sprintf("%s:%d", origin, n+1), fmt.Errorf("read %s: %w", origin, err))
	}
	return true
}

// object yields the article in one JSON object.
func (r *reader) object(origin string, raw []byte) bool {
	doc, err := articleFromJSON(origin, raw)
	if err != nil {
		return r.fail(origin, err)
	}
	if len(doc.Body) == 0 && doc.Format == "" {
		// A record with only a URL: fetch the page, keeping the record's
		// metadata.
		return r.url(doc.Meta.URL, doc.Meta)
	}
	return r.emit(Item{Origin: origin, Doc: doc})
}

// articleFromJSON maps a JSON object's fields to a RawDocument.
func articleFromJSON(origin string, raw []byte) (model.RawDocument, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return model.RawDocument{}, fmt.Errorf("%s: invalid JSON at byte %d: %w", origin, syn.Offset, err)
		}
		return model.RawDocument{}, fmt.Errorf("%s: not a JSON object: %w", origin, err)
	}
	doc := model.RawDocument{Origin: origin}
	used := map[string]bool{}
	take := func(field string) (json.RawMessage, bool) {
		for _, name := range aliases[field] {
			if v, ok := fields[name]; ok && string(v) != "null" {
				used[name] = true
				return v, true
			}
		}
		return nil, false
	}
	str := func(field string) string {
		v, ok := take(field)
		if !ok {
			return ""
		}
		return strings.TrimSpace(jsonString(v))
	}
	m := &doc.Meta
	m.ID = str("id")
	m.URL = str("url")
	m.Title = str("title")
	m.Language = str("language")
	if v, ok := take("outlet"); ok {
		m.Outlet = strings.TrimSpace(nameOf(v))
	}
	if v, ok := take("authors"); ok {
		m.Authors = namesOf(v)
	}
	if v, ok := take("published"); ok {
		m.Published = publishedOf(v)
		m.PublishedSource = model.FromMetadata
		// Storywire's own export says where its date came from; an
		// inferred date read back as metadata would outrank a stated one
		// and turn a copy link around.
		if src := model.TimeSource(str("published_source")); src.Known() {
			m.PublishedSource = src
		}
	}
	if h := str("html"); h != "" {
		doc.Format, doc.Body = model.FormatHTML, []byte(h)
	} else if t := str("text"); t != "" {
		doc.Format, doc.Body = model.FormatText, []byte(t)
	} else if (m.URL == "" || !isURL(m.URL)) && m.Title == "" {
		return doc, fmt.Errorf("%s: has no text, html or title field (nor a url to fetch): give the article text in \"text\" or \"html\"", origin)
	} else if m.URL == "" || !isURL(m.URL) {
		// A headline alone: stored as a short item, clustered by its headline.
		doc.Format = model.FormatText
	}
	for k, v := range fields {
		if !used[k] {
			if m.Extra == nil {
				m.Extra = map[string]json.RawMessage{}
			}
			m.Extra[k] = v
		}
	}
	return doc, nil
}

// jsonString reads a JSON string, or renders any other value as its JSON
// text (a number ID stays "123").
func jsonString(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// nameOf reads a string or an object with a "name".
func nameOf(v json.RawMessage) string {
	var o struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(v, &o) == nil && o.Name != "" {
		return o.Name
	}
	return jsonString(v)
}

// namesOf reads a string, an object with a name, or a list of either.
func namesOf(v json.RawMessage) []string {
	var list []json.RawMessage
	if json.Unmarshal(v, &list) != nil {
		list = []json.RawMessage{v}
	}
	var out []string
	for _, x := range list {
		if n := strings.TrimSpace(nameOf(x)); n != "" && n != "{}" {
			out = append(out, n)
		}
	}
	return out
}

// publishedOf reads a time string, or Unix seconds or milliseconds as a
// number, and returns it as a string for extract to parse.
func publishedOf(v json.RawMessage) string {
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if dec.Decode(&n) == nil {
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			if i > 1e12 {
				i /= 1000
			}
			return time.Unix(i, 0).UTC().Format(time.RFC3339)
		}
	}
	return strings.TrimSpace(jsonString(v))
}

func isJSONFeed(b []byte) bool {
	var probe struct {
		Version string `json:"version"`
	}
	return json.Unmarshal(b, &probe) == nil && strings.Contains(probe.Version, "jsonfeed.org")
}
