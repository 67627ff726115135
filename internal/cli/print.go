package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/model"
)

// articleJSON is an article as --json prints it. Unknown values are null,
// not empty strings, so a consumer can tell "unknown" from "empty".
type articleJSON struct {
	ID                   string                     `json:"id"`
	Origin               string                     `json:"origin"`
	URL                  *string                    `json:"url"`
	Title                string                     `json:"title"`
	Outlet               *string                    `json:"outlet"`
	Authors              []string                   `json:"authors"`
	Published            *string                    `json:"published"`
	PublishedSource      *string                    `json:"published_source"`
	PublishedReliability string                     `json:"published_reliability"`
	Language             *string                    `json:"language"`
	CopyOf               *string                    `json:"copy_of"`
	CopySimilarity       *float64                   `json:"copy_similarity,omitempty"`
	Ingested             string                     `json:"ingested"`
	ContentHash          string                     `json:"content_hash"`
	Kind                 *string                    `json:"kind"`
	Short                bool                       `json:"short"`
	Text                 string                     `json:"text"`
	Removed              []model.Removal            `json:"removed,omitempty"`
	Extra                map[string]json.RawMessage `json:"extra,omitempty"`
}

func toJSON(a model.Article) articleJSON {
	j := articleJSON{
		ID:                   a.ID,
		Origin:               a.Origin,
		URL:                  nullable(a.URL),
		Title:                a.Title,
		Outlet:               nullable(a.Outlet),
		Authors:              a.Authors,
		Published:            nullable(a.Published.Format()),
		PublishedSource:      nullable(string(a.Published.Source)),
		PublishedReliability: string(reliability(a.Published)),
		Language:             nullable(a.Language),
		CopyOf:               nullable(a.CopyOf),
		Ingested:             a.Ingested.UTC().Format(time.RFC3339),
		ContentHash:          a.ContentHash,
		Kind:                 nullable(a.Kind),
		Short:                a.Short,
		Text:                 a.Text,
		Removed:              a.Removed,
		Extra:                a.Extra,
	}
	if j.Authors == nil {
		j.Authors = []string{}
	}
	if a.CopyOf != "" {
		s := a.CopySimilarity
		j.CopySimilarity = &s
	}
	return j
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func reliability(p model.Published) model.Reliability {
	if !p.Known() {
		return model.Unknown
	}
	return p.Reliability
}

// shortPublished is Published.Format for tables; an inferred date ends in
// "~" so it is never taken for a stated one.
func shortPublished(p model.Published) string {
	switch {
	case !p.Known():
		return "unknown"
	case p.Source == model.FromInferred:
		return p.Time.UTC().Format("2006-01-02") + "~"
	case p.Reliability == model.Day:
		return p.Time.UTC().Format("2006-01-02")
	default:
		return p.Local().Format("2006-01-02 15:04")
	}
}

// printArticleTable prints one line per article, each outlet under the
// one name dir gives it whatever its articles call it, as stories and
// compare show it.
func printArticleTable(w io.Writer, list []model.Article, dir model.OutletDirectory) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tOUTLET\tTITLE")
	for _, a := range list {
		title := truncate(a.Title, 70)
		if a.CopyOf != "" {
			title += "  (copy of " + a.CopyOf + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, shortPublished(a.Published), truncate(dir.Name(a), 24), title)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
