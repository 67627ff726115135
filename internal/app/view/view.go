// Package view holds the JSON shapes of Storywire's answers, shared by the
// command line's --json and the HTTP API, so the two cannot drift: the
// same article, entity, quote or ingest summary has the same fields in
// both. Unknown values are null, not empty strings, so a consumer can tell
// "unknown" from "empty".
package view

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// Article is an article as --json prints it.
type Article struct {
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

// NewArticle is a's JSON shape.
func NewArticle(a model.Article) Article {
	j := Article{
		ID:                   a.ID,
		Origin:               a.Origin,
		URL:                  Nullable(a.URL),
		Title:                a.Title,
		Outlet:               Nullable(a.Outlet),
		Authors:              a.Authors,
		Published:            Nullable(a.Published.Format()),
		PublishedSource:      Nullable(string(a.Published.Source)),
		PublishedReliability: string(reliability(a.Published)),
		Language:             Nullable(a.Language),
		CopyOf:               Nullable(a.CopyOf),
		Ingested:             a.Ingested.UTC().Format(time.RFC3339),
		ContentHash:          a.ContentHash,
		Kind:                 Nullable(a.Kind),
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

// NewArticles is the JSON shape of a listing: never null, an empty list
// when nothing matched.
func NewArticles(list []model.Article) []Article {
	out := make([]Article, 0, len(list))
	for _, a := range list {
		out = append(out, NewArticle(a))
	}
	return out
}

// Nullable is nil for an empty string.
func Nullable(s string) *string {
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

// ArticleDetail is one article with its copies and, when asked for, its
// annotations (show --json, GET /articles/{id}).
type ArticleDetail struct {
	Article
	Copies      []Article          `json:"copies"`
	Annotations *model.Annotations `json:"annotations,omitempty"`
}

// NewArticleDetail is v's JSON shape.
func NewArticleDetail(v app.ArticleView) ArticleDetail {
	return ArticleDetail{Article: NewArticle(v.Article), Copies: NewArticles(v.Copies), Annotations: v.Annotations}
}

// SearchHit is one full-text match.
type SearchHit struct {
	Article
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// NewSearchHits is the JSON shape of search results.
func NewSearchHits(hits []store.SearchHit) []SearchHit {
	out := make([]SearchHit, 0, len(hits))
	for _, h := range hits {
		out = append(out, SearchHit{Article: NewArticle(h.Article), Snippet: h.Snippet, Score: h.Score})
	}
	return out
}

// Stories is the JSON shape of a story listing: the views alone.
func Stories(list []app.StoryEntry) []stories.Story {
	views := make([]stories.Story, 0, len(list))
	for _, e := range list {
		views = append(views, e.View)
	}
	return views
}

// Entity is an entity with its names and roles; MentionedIn is filled for
// one entity's view.
type Entity struct {
	ID          int64     `json:"id"`
	Type        string    `json:"type"`
	Name        string    `json:"name"`
	Country     string    `json:"country,omitempty"`
	Mentions    int       `json:"mentions"`
	Articles    int       `json:"articles"`
	Aliases     []Alias   `json:"aliases"`
	Roles       []Role    `json:"roles,omitempty"`
	MentionedIn []Mention `json:"mentioned_in,omitempty"`
}

// Alias is one way an entity is written, with how often.
type Alias struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Role is a role an article gives an entity.
type Role struct {
	Role        string  `json:"role"`
	Affiliation string  `json:"affiliation,omitempty"`
	Article     string  `json:"article"`
	Published   *string `json:"published"`
}

// Mention is an article that mentions an entity.
type Mention struct {
	Article   string  `json:"article"`
	Title     string  `json:"title"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	Mentions  int     `json:"mentions"`
}

// NewEntity is e's JSON shape.
func NewEntity(e model.Entity) Entity {
	out := Entity{ID: e.ID, Type: e.Type, Name: e.Name, Country: e.Country, Mentions: e.Mentions, Articles: e.Articles, Aliases: []Alias{}}
	for _, al := range e.Aliases {
		out.Aliases = append(out.Aliases, Alias{al.Text, al.Count})
	}
	for _, r := range e.Roles {
		out.Roles = append(out.Roles, Role{r.Role, r.Affiliation, r.ArticleID, Nullable(r.Published.Format())})
	}
	return out
}

// NewEntities is the JSON shape of an entity listing.
func NewEntities(list []model.Entity) []Entity {
	out := make([]Entity, 0, len(list))
	for _, e := range list {
		out = append(out, NewEntity(e))
	}
	return out
}

// NewEntityDetail is one entity with the articles that mention it.
func NewEntityDetail(v app.EntityView) Entity {
	out := NewEntity(v.Entity)
	for _, ea := range v.Articles {
		out.MentionedIn = append(out.MentionedIn, Mention{ea.Article.ID, ea.Article.Title, ea.Article.Outlet, Nullable(ea.Article.Published.Format()), ea.Count})
	}
	return out
}

// Quote is one quote with every article that reports it.
type Quote struct {
	Text     string        `json:"text"`
	Kind     string        `json:"kind"`
	Speaker  string        `json:"speaker"`
	EntityID int64         `json:"entity_id,omitempty"`
	Articles []QuoteReport `json:"articles"`
}

// QuoteReport is one article's report of a quote, with its byte offsets
// in the article's text.
type QuoteReport struct {
	Article   string  `json:"article"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	Text      string  `json:"text"`
	Speaker   string  `json:"speaker"`
	Cue       string  `json:"cue,omitempty"`
	Partial   bool    `json:"partial,omitempty"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
}

// NewQuote is g's JSON shape.
func NewQuote(g app.QuoteGroup) Quote {
	out := Quote{Text: g.Text, Kind: g.Kind, Speaker: g.Speaker, EntityID: g.EntityID}
	for _, r := range g.Reports {
		q := r.Quote
		out.Articles = append(out.Articles, QuoteReport{
			Article: r.Article.ID, Outlet: r.Article.Outlet, Published: Nullable(r.Article.Published.Format()),
			Text: q.Text, Speaker: q.Speaker, Cue: q.Cue, Partial: q.Partial, Start: q.Start, End: q.End,
		})
	}
	return out
}

// NewQuotes is the JSON shape of a quote listing.
func NewQuotes(groups []app.QuoteGroup) []Quote {
	out := make([]Quote, 0, len(groups))
	for _, g := range groups {
		out = append(out, NewQuote(g))
	}
	return out
}

// IngestSummary is an ingest's outcome counts, with each failure and its
// reason and each warning about an item read.
type IngestSummary struct {
	Added      int       `json:"added"`
	Copies     int       `json:"copies"`
	Duplicates int       `json:"duplicates"`
	Failed     int       `json:"failed"`
	Seconds    float64   `json:"seconds"`
	Failures   []Failure `json:"failures"`
	Warnings   []Warning `json:"warnings"`
}

// QueueSummary is what a publish to the distributed mode's queue did
// (storywire ingest --nats, POST /api/v1/articles on serve --nats).
type QueueSummary struct {
	Queued        int       `json:"queued"`
	AlreadyQueued int       `json:"already_queued"`
	ByReference   int       `json:"by_reference"`
	Failed        int       `json:"failed"`
	Seconds       float64   `json:"seconds"`
	Failures      []Failure `json:"failures"`
}

// NewQueueSummary is s's JSON shape.
func NewQueueSummary(s app.QueueSummary) QueueSummary {
	out := QueueSummary{Queued: s.Queued, AlreadyQueued: s.AlreadyQueued, ByReference: s.ByReference, Failed: s.Failed,
		Seconds: s.Elapsed.Seconds(), Failures: []Failure{}}
	for _, f := range s.Failures {
		out.Failures = append(out.Failures, Failure{Origin: f.Origin, Error: f.Err.Error()})
	}
	return out
}

// Warning is what reading an item noticed without refusing it.
type Warning struct {
	Origin  string `json:"origin"`
	Warning string `json:"warning"`
}

// Failure is an item that was not stored, and why.
type Failure struct {
	Origin string `json:"origin"`
	Error  string `json:"error"`
}

// NewIngestSummary is s's JSON shape.
func NewIngestSummary(s app.IngestSummary) IngestSummary {
	out := IngestSummary{
		Added: s.Added, Copies: s.Copies, Duplicates: s.Duplicates, Failed: s.Failed,
		Seconds: s.Elapsed.Seconds(), Failures: []Failure{}, Warnings: []Warning{},
	}
	for _, f := range s.Failures {
		out.Failures = append(out.Failures, Failure{Origin: f.Origin, Error: f.Err.Error()})
	}
	for _, r := range s.Warnings {
		for _, w := range r.Warnings {
			out.Warnings = append(out.Warnings, Warning{Origin: r.Origin, Warning: w})
		}
	}
	return out
}

// CSVHeader names the columns of an article exported as CSV.
var CSVHeader = []string{"id", "origin", "url", "title", "outlet", "authors", "published",
	"published_source", "published_reliability", "language", "copy_of", "copy_similarity", "ingested", "kind", "short", "text"}

// CSVRow is an article as a CSV row under CSVHeader.
func CSVRow(a model.Article) []string {
	j := NewArticle(a)
	sim := ""
	if j.CopySimilarity != nil {
		sim = fmt.Sprintf("%.3f", *j.CopySimilarity)
	}
	return []string{j.ID, j.Origin, deref(j.URL), j.Title, deref(j.Outlet),
		strings.Join(j.Authors, "; "), deref(j.Published), deref(j.PublishedSource),
		j.PublishedReliability, deref(j.Language), deref(j.CopyOf), sim, j.Ingested, deref(j.Kind), strconv.FormatBool(j.Short), j.Text}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
