package source

import (
	"fmt"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
)

// url fetches a page or a feed. meta, when not empty, is what a feed item
// or JSON record said about the page; it is kept.
func (r *reader) url(u string, meta model.Metadata) bool {
	if r.opts.Fetcher == nil {
		return r.fail(u, fmt.Errorf("%s: cannot fetch URLs here: no HTTP client configured", u))
	}
	req := fetch.Request{URL: u}
	if r.opts.FeedStates != nil && meta.URL == "" {
		if st, err := r.opts.FeedStates.FeedState(r.ctx, u); err == nil {
			req.ETag, req.LastModified = st.ETag, st.LastModified
		}
	}
	resp, err := r.opts.Fetcher.Get(r.ctx, req)
	if err != nil {
		return r.fail(u, err)
	}
	if resp.NotModified {
		return true // a feed unchanged since the last read: nothing new
	}
	body := resp.Body
	if len(strings.TrimSpace(string(body))) == 0 {
		return r.fail(u, fmt.Errorf("%s: empty response: nothing to ingest", u))
	}
	k := kindHTML
	ct := resp.ContentType
	switch {
	case strings.Contains(ct, "rss"), strings.Contains(ct, "atom"), strings.Contains(ct, "feed+json"):
		k = kindFeed
	case strings.Contains(ct, "xml"), strings.Contains(ct, "json"), ct == "" || ct == "application/octet-stream":
		k = sniff(body)
	case ct == "text/plain":
		k = kindText
	}
	if meta.URL == "" {
		// Fetched pages and feeds (not items) get their final URL.
		meta.URL = resp.URL
	}
	switch k {
	case kindFeed:
		if r.opts.FeedStates != nil && (resp.ETag != "" || resp.LastModified != "") {
			// Validators only save work on the next read; failing to keep
			// them costs a full download then, not data now.
			_ = r.opts.FeedStates.PutFeedState(r.ctx, model.FeedState{URL: u, ETag: resp.ETag, LastModified: resp.LastModified, CheckedAt: time.Now()})
		}
		return r.feed(u, body, true)
	case kindJSON, kindJSONL, kindOPML:
		return r.content(u, "", body, k, resp.Charset)
	}
	format := model.FormatHTML
	if k == kindText {
		format = model.FormatText
	}
	return r.emit(Item{Origin: u, Doc: model.RawDocument{Origin: u, Format: format, Body: body, Charset: resp.Charset, Meta: meta, FetchedAt: resp.FetchedAt}})
}
