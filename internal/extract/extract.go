// Package extract turns a RawDocument into an Article: the stage after
// source and before analysis. HTML pages and plain text (with all the
// leftovers of a copied web page) end as the same clean, well-described
// Article: paragraphs, title, outlet, authors, canonical URL, publication
// time with where it came from and how reliable it is, language and content
// hash.
//
// The work is split among small packages: charset decodes bytes to UTF-8,
// plaintext cleans text, dates parses publication times, canonurl
// normalises URLs, lang identifies languages. This package decides which
// source of each field to trust.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	stdhtml "html"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract/canonurl"
	"github.com/storywire/storywire/internal/extract/charset"
	"github.com/storywire/storywire/internal/extract/dates"
	"github.com/storywire/storywire/internal/extract/lang"
	"github.com/storywire/storywire/internal/extract/plaintext"
	"github.com/storywire/storywire/internal/model"
)

// ErrNoText is returned (wrapped) when a document holds no article text.
var ErrNoText = errors.New("no article text found")

// Options configure an Extractor. The zero value works.
type Options struct {
	// Outlet, when set, is the outlet of every article (--outlet).
	Outlet string
	// Published, when set, is the publication time of every article
	// (--published), in any form dates.Parse reads.
	Published string
	// Languages restricts language identification to these ISO 639-1
	// codes; lang.DefaultLanguages when empty.
	Languages []string
	// Now returns the ingest time; time.Now when nil.
	Now func() time.Time
	// SiteLines are the keys (plaintext.LineKey) of the lines each site's
	// stored page copies repeat, by site (model.ArticleOutletKey): a page
	// copy of that site is cleaned of them. Read once before a run, so a
	// run's results do not depend on the order its pages are read in.
	SiteLines map[string]map[uint64]bool
}

// Extractor turns RawDocuments into Articles. It is safe for concurrent use.
type Extractor struct {
	outlet    string
	published model.Published
	lang      *lang.Detector
	now       func() time.Time
	siteLines map[string]map[uint64]bool
}

// New returns an Extractor, or an error when an option is invalid.
func New(opts Options) (*Extractor, error) {
	e := &Extractor{outlet: strings.TrimSpace(opts.Outlet), now: opts.Now, siteLines: opts.SiteLines}
	if e.now == nil {
		e.now = time.Now
	}
	if opts.Published != "" {
		p, ok := dates.Parse(opts.Published)
		if !ok {
			return nil, fmt.Errorf("cannot read publication time %q: use a form like 2024-03-12 or 2024-03-12T09:30:00+02:00", opts.Published)
		}
		p.Source = model.FromUser
		e.published = p
	}
	d, err := lang.New(opts.Languages)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	e.lang = d
	return e, nil
}

// Extract makes an Article of doc. The error, when not nil, names the
// document and says why it holds no usable article; the caller records it
// and goes on with the next document.
func (e *Extractor) Extract(doc model.RawDocument) (model.Article, error) {
	a, err := e.extract(doc)
	if err != nil {
		return model.Article{}, fmt.Errorf("%s: %w", doc.Origin, err)
	}
	return a, nil
}

func (e *Extractor) extract(doc model.RawDocument) (model.Article, error) {
	if len(strings.TrimSpace(string(doc.Body))) == 0 {
		if t := strings.TrimSpace(doc.Meta.Title); t != "" && !plaintext.IsStamp(t) {
			// A feed item or an export row with only a headline.
			return e.assemble(doc, fields{}), nil
		}
		return model.Article{}, fmt.Errorf("empty document: give the article's text, or at least its title: %w", ErrNoText)
	}
	isHTML := doc.Format == model.FormatHTML
	decoded, err := charset.Decode(doc.Body, doc.Charset, isHTML)
	if err != nil {
		if errors.Is(err, charset.ErrBinary) {
			kind := charset.Sniff(doc.Body)
			if kind == "" {
				kind = "binary data"
			}
			return model.Article{}, fmt.Errorf("not text but %s: ingest text, HTML, JSON or feed files only: %w", kind, err)
		}
		return model.Article{}, err
	}
	text := decoded.Text

	var f fields
	if isHTML {
		f, err = fromHTML(text, doc.Meta.URL)
	} else {
		opts := plaintext.Options{Title: doc.Meta.Title}
		if plaintext.IsStamp(opts.Title) {
			opts.Title = "" // a timestamp for a title: the text's own headline is read instead
		}
		f = fromText(text, opts)
		if len(f.paras) > 0 && len(e.siteLines) > 0 {
			// The site is known once the page is read (its outlet or
			// address): read it again knowing the lines the site repeats.
			u, outlet := e.source(doc, f)
			if lines := e.siteLines[model.ArticleOutletKey(model.Article{URL: u, Outlet: outlet})]; len(lines) > 0 {
				opts.Furniture = func(line string) bool { k := plaintext.LineKey(line); return k != 0 && lines[k] }
				if again := fromText(text, opts); len(again.paras) > 0 {
					f = again
				}
			}
		}
	}
	if len(f.paras) == 0 && err == nil {
		// All of it was page furniture or a teaser line ("VIDEO: ..."):
		// what remains of an item is its headline, if it has one. A page
		// of menus ("Advertisement", "Loading...") has none.
		title := firstNonEmpty(doc.Meta.Title, f.title)
		if line := firstLine(text); title == "" {
			if kind, _ := kindOf(line); kind != "" {
				title = line
			}
		}
		if title == "" || plaintext.IsStamp(title) {
			err = ErrNoText
		}
		f.title = title
	}
	if errors.Is(err, ErrNoText) && isHTML {
		return model.Article{}, fmt.Errorf("%w: the page has no paragraphs of text (a page built by JavaScript or behind a login): save the article's text instead", err)
	}
	if err != nil {
		return model.Article{}, err
	}
	a := e.assemble(doc, f)
	if decoded.Replaced > 0 {
		a.Warnings = append(a.Warnings, replacedWarning(doc.Origin, decoded))
	}
	return a, nil
}

// replacedWarning says which bytes of a UTF-8 document were not UTF-8,
// so the user can find them: "x.txt: 2 bytes that are not UTF-8 read as
// U+FFFD (at byte 1041, 1187)".
func replacedWarning(origin string, t charset.Text) string {
	at := make([]string, len(t.Offsets))
	for i, o := range t.Offsets {
		at[i] = fmt.Sprint(o)
	}
	where := "at byte " + strings.Join(at, ", ")
	if more := t.Replaced - len(t.Offsets); more > 0 {
		where += fmt.Sprintf(" and %d more", more)
	}
	noun := "bytes that are"
	if t.Replaced == 1 {
		noun = "byte that is"
	}
	return fmt.Sprintf("%s: %d %s not UTF-8 read as U+FFFD (%s); the rest is UTF-8", origin, t.Replaced, noun, where)
}

// fields is what the document itself says, before the source's metadata
// and the user's options are laid over it.
type fields struct {
	title     string
	paras     []string
	authors   []string
	url       string
	siteName  string
	lang      string
	published []model.Published // candidates from the page, best first
	removed   []model.Removal
}

func fromText(text string, opts plaintext.Options) fields {
	r := plaintext.CleanWith(text, opts)
	f := fields{title: r.Title, paras: r.Paragraphs, authors: r.Authors, url: r.URL, siteName: r.Outlet, removed: r.Removed}
	if r.Published.Known() {
		f.published = append(f.published, r.Published)
	}
	return f
}

func fromHTML(src, pageURL string) (fields, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return fromFlatHTML(src, err)
	}
	meta := readPageMeta(doc)
	var base *url.URL
	if u, err := url.Parse(firstNonEmpty(pageURL, meta.Canonical)); err == nil && u.IsAbs() {
		base = u
	}
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, base)
	var paras []string
	var removed []model.Removal
	if err == nil && art.Node != nil {
		paras, removed = paragraphs(art.Node)
	}
	title := firstNonEmpty(meta.Title, art.Title())
	if strings.ContainsRune(title, '&') {
		// Some pages escape their titles twice: "&#8220;" stays in the text.
		title = strings.Join(strings.Fields(stdhtml.UnescapeString(title)), " ")
	}

	// The page's paragraphs go through the same cleaner as plain text, so a
	// "WATCH:" teaser or a sign-up prompt inside the article body is removed
	// the same way. The title goes first so the cleaner takes it as the
	// title instead of mistaking the first paragraph for one.
	for len(paras) > 0 && strings.EqualFold(paras[0], title) {
		paras = paras[1:]
	}
	if len(paras) == 0 {
		// A title alone (a page of navigation, a login wall) is not an
		// article.
		return fields{}, ErrNoText
	}
	var body strings.Builder
	if title != "" {
		body.WriteString(title)
		body.WriteString("\n\n")
	}
	body.WriteString(strings.Join(paras, "\n\n"))
	r := plaintext.CleanWith(body.String(), plaintext.Options{Title: title, Body: true})

	f := fields{
		title:    title,
		paras:    r.Paragraphs,
		url:      meta.Canonical,
		siteName: firstNonEmpty(meta.SiteName, art.SiteName()),
		lang:     meta.Lang,
		removed:  append(removed, r.Removed...),
	}
	if f.title == "" {
		f.title = r.Title
	}
	f.authors = append(append(meta.Authors, art.Byline()), r.Authors...)
	for _, s := range meta.Published {
		if p, ok := dates.Parse(s); ok {
			p.Source = model.FromMetadata
			f.published = append(f.published, p)
		}
	}
	if r.Published.Known() {
		f.published = append(f.published, r.Published)
	}
	if f.url == "" {
		f.url = r.URL
	}
	return f, nil
}

// assemble lays the user's options and the source's metadata over what
// the document said, in that order of trust.
func (e *Extractor) assemble(doc model.RawDocument, f fields) model.Article {
	m := doc.Meta
	a := model.Article{
		Origin:   doc.Origin,
		Title:    firstNonEmpty(m.Title, f.title),
		Text:     strings.Join(f.paras, "\n\n"),
		Ingested: e.now().UTC(),
		Removed:  f.removed,
		Extra:    m.Extra,
	}
	if m.ID != "" {
		// The exporter's own ID is kept, but Storywire's ID is derived from
		// the content so it is the same whichever way the article arrives.
		a.Extra = withExtra(a.Extra, "source_id", m.ID)
	}
	if len(f.paras) > 0 && plaintext.IsStamp(a.Title) {
		// "July 2, 2013 07:44" is when, not what: a date is never a title
		// when the text can give one.
		a.Title = f.title
	}
	a.Kind, a.Title = kindOf(a.Title)
	switch {
	case len(f.paras) == 0:
		a.Short = true
		a.Text = a.Title
	case a.Title == "":
		a.Title = headline(f.paras[0])
	}
	if len(strings.Fields(a.Text)) < shortWords {
		a.Short = true
	}

	a.URL, a.Outlet = e.source(doc, f)

	if len(m.Authors) > 0 {
		a.Authors = cleanAuthors(m.Authors)
	} else {
		a.Authors = cleanAuthors(f.authors)
	}

	a.Published = e.publishedTime(m, f, a.URL, &a)

	a.Language = lang.Normalize(m.Language)
	if a.Language == "" {
		a.Language = e.lang.Detect(a.Text)
	}
	if a.Language == "" {
		a.Language = lang.Normalize(f.lang)
	}

	a.ContentHash = copies.ContentHash(a.Text)
	if a.HeadlineOnly() {
		// A headline recurs ("Morning briefing", "Letters to the editor"):
		// one item is the same headline from the same place at the same
		// time.
		a.ContentHash = copies.ContentHash(strings.Join([]string{a.Text, a.URL, model.OutletKey(a.Outlet), a.Published.Format()}, "\n"))
	}
	a.ID = articleID(a.URL, a.Outlet, a.ContentHash)
	return a
}

// source decides an article's canonical URL and its outlet: the user's,
// the source's metadata, the page's site name, else the address's host.
func (e *Extractor) source(doc model.RawDocument, f fields) (canonical, outlet string) {
	for _, raw := range []string{doc.Meta.URL, f.url, originURL(doc.Origin)} {
		if raw == "" {
			continue
		}
		if u, err := canonurl.Canonical(raw); err == nil {
			canonical = u
			break
		}
	}
	outlet = firstNonEmpty(e.outlet, doc.Meta.Outlet, f.siteName)
	if model.OutletKey(outlet) == "" {
		// "-" or "©" names no outlet: stored as none, so every view and
		// filter reads the article's outlet from its address alike.
		outlet = ""
	}
	if outlet == "" && canonical != "" {
		outlet = canonurl.Host(canonical)
	}
	return canonical, outlet
}

// publishedTime picks the publication time from, in order of trust: the
// user, the source's metadata, the page's metadata, a dateline in the
// text, and the URL. A time that cannot be read is kept in Extra rather
// than lost.
func (e *Extractor) publishedTime(m model.Metadata, f fields, articleURL string, a *model.Article) model.Published {
	if e.published.Known() {
		return e.published
	}
	if m.Published != "" {
		if p, ok := dates.Parse(m.Published); ok {
			p.Source = m.PublishedSource
			if p.Source == "" {
				p.Source = model.FromMetadata
			}
			return p
		}
		a.Extra = withExtra(a.Extra, "published_unparsed", m.Published)
	}
	// The page's own metadata first, then a dateline in the text (the
	// article's own statement, often with a time of day), then a date in
	// the URL's path.
	for _, src := range []model.TimeSource{model.FromMetadata, model.FromText} {
		for _, p := range f.published {
			if p.Source == src {
				return p
			}
		}
	}
	if p, ok := dates.FromURL(articleURL); ok {
		p.Source = model.FromURL
		return p
	}
	return model.Published{Reliability: model.Unknown}
}

// articleID derives a stable ID: from the canonical URL when there is one
// (the same page re-fetched keeps its ID), otherwise from the outlet and
// the content, so one outlet's article keeps its ID however it arrives
// while a wire story run word for word by two outlets gets two IDs.
func articleID(canonicalURL, outlet, contentHash string) string {
	key := canonicalURL
	if key == "" {
		key = strings.ToLower(outlet) + "\n" + contentHash
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// shortWords is the length under which an item's text is a summary or a
// teaser rather than an article.
const shortWords = 40

// kindPrefixes name the kinds of item a headline's prefix announces.
var kindPrefixes = []struct{ prefix, kind string }{
	{"video", model.KindVideo}, {"watch live", model.KindVideo}, {"watch", model.KindVideo},
	{"photos", model.KindPhoto}, {"photo", model.KindPhoto}, {"in pictures", model.KindPhoto}, {"gallery", model.KindPhoto}, {"pictures", model.KindPhoto},
	{"listen", model.KindAudio}, {"audio", model.KindAudio}, {"podcast", model.KindAudio},
	{"live updates", model.KindLive}, {"live blog", model.KindLive}, {"live", model.KindLive},
	{"opinion", model.KindOpinion}, {"op-ed", model.KindOpinion}, {"comment", model.KindOpinion}, {"editorial", model.KindOpinion},
	{"analysis", model.KindAnalysis}, {"explainer", model.KindAnalysis},
}

// kindOf reads a kind of item from a headline's prefix ("VIDEO: ...",
// "Opinion | ...") and returns it with the headline that follows it; a
// headline without one comes back whole with kind "".
func kindOf(title string) (kind, rest string) {
	lower := strings.ToLower(title)
	for _, k := range kindPrefixes {
		if !strings.HasPrefix(lower, k.prefix) {
			continue
		}
		after := title[len(k.prefix):]
		for _, sep := range []string{":", " |", "|", " -", " –", " —"} {
			if strings.HasPrefix(after, sep) {
				if r := strings.TrimSpace(strings.TrimLeft(after[len(sep):], " |-–—")); r != "" {
					return k.kind, r
				}
			}
		}
	}
	return "", title
}

// firstLine is the first non-empty line of text, trimmed.
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// originURL returns origin when it is an http(s) URL.
func originURL(origin string) string {
	if strings.HasPrefix(origin, "http://") || strings.HasPrefix(origin, "https://") {
		return origin
	}
	return ""
}

// headline makes a title of a paragraph for an article that has none: its
// first sentence, cut at a word boundary.
func headline(p string) string {
	p = firstSentence(p)
	const max = 90
	if len(p) > max {
		cut := strings.LastIndexByte(p[:max], ' ')
		if cut < max/2 {
			cut = max
		}
		p = strings.TrimSpace(p[:cut]) + "…"
	}
	return p
}

// firstSentence returns p up to the end of its first sentence, not
// counting the full stops of abbreviations and initials ("Sen.", "U.S.",
// "State Dept.").
func firstSentence(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if i+1 < len(p) && p[i+1] != ' ' {
			continue // "U.S", "3.5", "example.com"
		}
		if c == '.' && isAbbreviation(p[:i]) {
			continue
		}
		return p[:i]
	}
	return p
}

// isAbbreviation tells whether the word ending s is one that takes a full
// stop: an initial, or a title or word abbreviated in news copy.
func isAbbreviation(s string) bool {
	w := s
	if i := strings.LastIndexFunc(s, func(r rune) bool { return r == ' ' || r == '(' || r == '"' || r == '“' }); i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		w = s[i+size:]
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsLetter(r) || strings.Contains(w, ".") {
		return true // an initial, "J.", or "U.S" of "U.S."
	}
	return abbreviations[strings.ToLower(w)]
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true, "pres": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "cmdr": true, "adm": true, "maj": true, "rev": true,
	"st": true, "mt": true, "ft": true, "ave": true, "blvd": true, "dept": true, "corp": true, "inc": true, "co": true,
	"ltd": true, "jr": true, "sr": true, "no": true, "vs": true, "approx": true, "est": true, "govt": true, "min": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true,
}

func withExtra(extra map[string]json.RawMessage, key, value string) map[string]json.RawMessage {
	if extra == nil {
		extra = map[string]json.RawMessage{}
	}
	if _, ok := extra[key]; !ok {
		b, _ := json.Marshal(value)
		extra[key] = b
	}
	return extra
}
