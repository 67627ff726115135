// Package plaintext cleans articles saved as plain text from web pages.
// Such copies carry the page's leftovers: sign-up prompts, video teasers,
// photo captions and credits, share buttons, "Original url:" footers,
// contributor lines, stray inline tags and entities, hard-wrapped and
// hyphenated lines. Clean removes them, keeps what it removed for
// inspection, and reads the title, byline, dateline and URL they carry.
//
// Leftovers are recognised line by line, and only short, standalone lines
// that start the way a leftover starts are removed, so a sentence that
// merely mentions "watch" or "sign up" stays.
package plaintext

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/extract/dates"
	"github.com/storywire/storywire/internal/model"
)

// Result is what Clean makes of a plain-text article.
type Result struct {
	Title      string
	Paragraphs []string
	// Authors come from a byline at the top ("By Jane Roe") and from
	// contributor lines ("Reporting by ...", "Contributing: ..."); editors
	// named in "Editing by" are not authors.
	Authors []string
	// URL comes from an "Original url:" (or "Source URL:") footer, or an
	// address standing alone at the end of a page copy.
	URL string
	// Outlet comes from a copyright line or a wire dateline's agency
	// ("(Reuters) -"); "" when the text names none.
	Outlet string
	// Published comes from a dateline near the top, with Source FromText;
	// Reliability is Unknown when there is none. Dates in captions and
	// teasers are never used.
	Published model.Published
	Removed   []model.Removal
}

var (
	inlineTag = regexp.MustCompile(`(?i)</?(?:u|b|i|em|strong|a|span|font|small|big|sup|sub|mark|s|strike|ins|del|abbr|cite|q|code|tt|div|section|article|header|footer|figure|img|h[1-6]|li|ul|ol|blockquote|table|tr|td|th|tbody|thead|center|iframe|script|noscript|style)\b[^<>]{0,300}>`)
	breakTag  = regexp.MustCompile(`(?i)<br\s*/?>`)
	paraTag   = regexp.MustCompile(`(?i)</?p\b[^<>]{0,300}>`)
	urlRe     = regexp.MustCompile(`https?://[^\s<>"']+`)
	interest  = regexp.MustCompile(`(?i)^interested in .{1,120}\?\s*add .{1,120} as an interest`)
	clock     = regexp.MustCompile(`^\(?\d{1,2}:\d{2}(:\d{2})?\)?$`)
	wireLead  = regexp.MustCompile(`^[\p{Lu}][\p{Lu} .'’-]{1,40},\s+((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}))`)
)

// leftover prefixes by kind; a line starting with one (case-insensitive)
// and short enough to be page furniture is removed.
var prefixes = []struct {
	kind     string
	prefix   []string
	maxWords int
}{
	{"video", []string{"watch:", "watch -", "watch –", "video:", "play video", "now playing", "watch video", "watch the video", "watch live"}, 40},
	{"caption", []string{"photo:", "photos:", "file photo:", "file photo", "image:", "caption:", "pictured:", "above:", "top:", "gallery:", "photo gallery"}, 60},
	{"credit", []string{"(photo:", "(photo by", "photo by ", "photograph:", "photograph by", "(image:", "image credit", "photo credit", "(credit:", "credit:", "picture:", "(reuters/", "(ap photo", "ap photo/", "(afp", "illustration:"}, 20},
	{"footer", []string{"original url:", "source url:", "originally published", "this article was originally published", "copyright ©", "copyright (c)", "©", "all rights reserved", "this story has been shared", "this article first appeared"}, 40},
	{"contributors", []string{"reporting by", "additional reporting by", "editing by", "writing by", "contributing:", "contributor:", "contributors:", "compiled by", "contributed to this report", "with reporting by", "written by"}, 40},
	{"newsletter", []string{"sign up", "subscribe to", "subscribe now", "subscribe for", "get our ", "get the latest", "join our", "never miss", "want more", "enter your email", "newsletter", "don't miss", "follow us on", "download our app", "get breaking news"}, 30},
	{"share", []string{"share this", "share on", "share:", "tweet this", "copy link", "print this", "email this", "share article", "comments (", "view comments", "leave a comment"}, 12},
	{"advert", []string{"advertisement", "story continues below", "sponsored", "promoted content", "article continues below"}, 8},
	{"related", []string{"read more:", "read more", "related:", "related stories", "related articles", "also read:", "more on this story", "click here", "more:", "see also:", "recommended:", "trending:", "most read"}, 25},
}

// exactLines are leftovers that are whole lines by themselves.
var exactLines = map[string]string{
	"play": "video", "watch": "video", "video": "video", "replay": "video", "listen": "video",
	"share": "share", "tweet": "share", "email": "share", "print": "share", "facebook": "share",
	"twitter": "share", "linkedin": "share", "whatsapp": "share", "comments": "share", "save": "share",
	"advertisement": "advert", "ad": "advert", "skip advertisement": "advert",
	"close": "share", "menu": "share", "loading": "video",
}

// Options tell Clean what is already known of the text. The zero value
// reads text of unknown make.
type Options struct {
	// Title is the article's title when its source gave one. The text's
	// first block is then taken off only when it repeats the title: a
	// first paragraph that merely looks like a headline stays.
	Title string
	// Body says the text was already cut from its page (the body an HTML
	// extractor found): leftovers are removed, but all of it is article.
	Body bool
	// Furniture, when set, tells the lines a copy of a page carries that
	// the site's other pages carry too (LineKey): its furniture, however
	// much they read like prose.
	Furniture func(line string) bool
}

// Clean cleans text of unknown make, which must already be valid UTF-8: a
// copy of a whole web page or an article with a page's leftovers.
func Clean(text string) Result {
	return CleanWith(text, Options{})
}

// CleanWith cleans text as Clean does, using what o says of it.
func CleanWith(text string, o Options) Result {
	var r Result
	text = normalize(text, &r)

	lines := strings.Split(text, "\n")
	kept := make([]string, 0, len(lines))
	var contributors []string
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			kept = append(kept, "")
			continue
		}
		if kind := leftoverKind(line); kind != "" {
			r.remove(kind, line)
			switch kind {
			case "footer":
				if i := urlRe.FindStringIndex(line); i != nil && r.URL == "" && isURLFooter(line) {
					r.URL = joinURL(line[i[0]:])
				}
			case "contributors":
				contributors = append(contributors, contributorNames(line)...)
			}
			continue
		}
		kept = append(kept, line)
	}

	if o.Title != "" {
		// A headline on a line of its own is one block even when a single
		// line break joins it to the first paragraph.
		for i, line := range kept {
			if line == "" {
				continue
			}
			if sameTitle(line, o.Title) && i+1 < len(kept) && kept[i+1] != "" {
				kept = slices.Insert(kept, i+1, "")
			}
			break
		}
	}
	blocks := joinBlocks(kept)
	if !o.Body {
		blocks = r.selectArticle(blocks, o.Title, o.Furniture)
	}
	if n := len(blocks); n > 1 && r.URL == "" && bareURLRe.MatchString(blocks[n-1]) {
		// An article pasted with its address at the end.
		if u := pastedURL(blocks[n-1:]); u != "" {
			r.URL = u
			r.remove("footer", blocks[n-1])
			blocks = blocks[:n-1]
		}
	}
	blocks = r.readHead(blocks, o.Title)
	for _, b := range blocks {
		if b != "" {
			r.Paragraphs = append(r.Paragraphs, b)
		}
	}
	if !r.Published.Known() {
		r.Published = model.Published{Reliability: model.Unknown}
	}
	r.Authors = dedupe(append(r.Authors, contributors...))
	r.readSource()
	return r
}

func (r *Result) remove(kind, text string) {
	r.Removed = append(r.Removed, model.Removal{Kind: kind, Text: text})
}

// normalize fixes line endings, drops control characters, stray inline
// tags and entities.
func normalize(text string, r *Result) string {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if strings.ContainsRune(text, '<') {
		text = breakTag.ReplaceAllString(text, "\n")
		text = paraTag.ReplaceAllString(text, "\n\n")
		var tags []string
		text = inlineTag.ReplaceAllStringFunc(text, func(t string) string {
			if len(tags) < 20 {
				tags = append(tags, t)
			}
			return ""
		})
		if len(tags) > 0 {
			r.remove("tag", strings.Join(tags, " "))
		}
	}
	if strings.ContainsRune(text, '&') {
		text = html.UnescapeString(text)
	}
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\n' || c == '\t':
			return c
		case c == '\u00a0' || c == '\u2009' || c == '\u202f':
			return ' '
		case c == '\u00ad' || c == '\u200b' || c == '\ufeff':
			return -1 // soft hyphen, zero-width space, stray BOM
		case unicode.IsControl(c):
			return -1
		}
		return c
	}, text)
}

func leftoverKind(line string) string {
	lower := strings.ToLower(line)
	if k, ok := exactLines[strings.Trim(lower, " .:!>|•·-–—")]; ok {
		return k
	}
	if interest.MatchString(line) {
		return "interest"
	}
	if clock.MatchString(line) {
		return "video" // a video's running time left on its own line
	}
	words := len(strings.Fields(line))
	for _, p := range prefixes {
		if words > p.maxWords {
			continue
		}
		for _, pre := range p.prefix {
			if strings.HasPrefix(lower, pre) {
				// "WATCH" counts only in capitals or followed by a colon: "Watch
				// the skies" is a sentence, "WATCH: ..." is a teaser.
				if p.kind == "video" && strings.HasPrefix(lower, "watch") && !strings.HasPrefix(line, "WATCH") && !strings.HasPrefix(lower, "watch:") {
					continue
				}
				if p.kind == "newsletter" && !looksLikePrompt(line) {
					continue
				}
				return p.kind
			}
		}
	}
	if strings.HasPrefix(line, "WATCH ") || strings.HasPrefix(line, "PHOTO ") || strings.HasPrefix(line, "VIDEO ") {
		if words <= 40 {
			if strings.HasPrefix(line, "PHOTO") {
				return "caption"
			}
			return "video"
		}
	}
	if words <= 12 && isCreditLine(line) {
		return "credit"
	}
	return ""
}

// looksLikePrompt tells a sign-up prompt from a sentence that starts with
// the same words: prompts address the reader and talk about email,
// newsletters, briefings or alerts.
func looksLikePrompt(line string) bool {
	l := strings.ToLower(line)
	for _, w := range []string{"newsletter", "inbox", "email", "briefing", "alerts", "updates", "subscribe", "our app", "free", "daily", "weekly", "morning", "evening", "twitter", "facebook", "instagram", "telegram"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// isCreditLine recognises a photo credit on a line of its own: "Getty
// Images", "Reuters/Jane Roe", "J. Marr/Harbour Times".
func isCreditLine(line string) bool {
	l := strings.ToLower(strings.Trim(line, "() "))
	for _, s := range []string{"getty images", "/getty", "/reuters", "/afp", "/ap", "ap photo", "/epa", "/shutterstock", "/alamy", "/anadolu", "/xinhua", "/tass"} {
		if strings.HasSuffix(l, s) || strings.HasPrefix(l, strings.TrimPrefix(s, "/")+"/") {
			return true
		}
	}
	return strings.HasPrefix(l, "photo:") || strings.HasPrefix(l, "photo by") || strings.HasPrefix(l, "image:")
}

func isURLFooter(line string) bool {
	l := strings.ToLower(line)
	return strings.HasPrefix(l, "original url") || strings.HasPrefix(l, "source url") || strings.HasPrefix(l, "originally published")
}

var roleSplit = regexp.MustCompile(`(?i)\b(editing|edited|writing|written|reporting|additional reporting|contributing|contributors?|compiled|graphics|photos?)\s*(by|:)`)

// contributorNames reads the reporters and writers in a contributor line,
// leaving out editors.
func contributorNames(line string) []string {
	var names []string
	idx := roleSplit.FindAllStringSubmatchIndex(line, -1)
	for i, m := range idx {
		role := strings.ToLower(line[m[2]:m[3]])
		end := len(line)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		if strings.HasPrefix(role, "edit") || strings.HasPrefix(role, "graphic") || strings.HasPrefix(role, "photo") {
			continue
		}
		names = append(names, splitNames(line[m[1]:end])...)
	}
	return names
}

func splitNames(s string) []string {
	s = strings.NewReplacer(" and ", ",", " & ", ",", ";", ",", " in ", ", in ").Replace(s)
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.Trim(strings.TrimSpace(p), ".;:")
		if isName(p) {
			out = append(out, p)
		}
	}
	return out
}

// isName accepts two to four capitalised words (initials allowed) without
// digits.
func isName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 4 || strings.ContainsAny(s, "0123456789@/:") {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	for _, w := range words {
		if notName[strings.ToLower(strings.Trim(w, ".,"))] {
			return false
		}
	}
	return true
}

// joinBlocks turns lines into paragraphs: blank lines separate
// paragraphs; inside a block, a line that does not end a sentence is
// joined with the next (hard wraps), and a word hyphenated across the
// break is rejoined when the next line goes on in lower case.
func joinBlocks(lines []string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	opening := true // no block but date lines yet
	single := false // cur holds one line
	for _, line := range lines {
		if line == "" {
			flush()
			continue
		}
		if cur.Len() == 0 {
			cur.WriteString(line)
			single = true
			continue
		}
		prev := cur.String()
		stamp := single && IsStamp(prev)
		switch {
		case stamp || single && opening && headlineLike(prev) && !startsLower(line) || IsStamp(line) || listItem.MatchString(line):
			// A date line, a headline over the text's first line and a list's
			// items stand apart even with no blank line between: they are
			// not wraps.
			opening = opening && stamp
			flush()
			cur.WriteString(line)
			continue
		case strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") && startsLower(line):
			// "govern-" + "ment": the hyphen was the line break's.
			cur.Reset()
			cur.WriteString(strings.TrimSuffix(prev, "-"))
			cur.WriteString(line)
		case endsSentence(prev):
			flush()
			cur.WriteString(line)
			single, opening = true, false
			continue
		default:
			cur.WriteByte(' ')
			cur.WriteString(line)
		}
		single = false
		opening = false
	}
	flush()
	return out
}

// headlineLike tells a line written as a headline: most of its words
// capitalised, as few as a headline has, no full stop at its end.
func headlineLike(line string) bool {
	f := measure(line)
	return f.words >= 3 && f.words <= 20 && f.capShare >= 0.6 && !f.sentenceEnd
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(`.!?:"”’»)…`, r)
}

// readHead reads the title, byline and dateline from the first blocks and
// returns the blocks that remain.
func (r *Result) readHead(blocks []string, title string) []string {
	// The headline is the first block, or comes after a date line that
	// opens the text ("Updated 11/27/2005 3:41 PM"), which stays to be
	// read as a dateline below.
	h := 0
	for h < len(blocks)-1 && h < 2 && IsStamp(blocks[h]) {
		h++
	}
	switch {
	case title != "":
		if len(blocks) > h+1 && sameTitle(blocks[h], title) {
			r.Title = blocks[h]
			blocks = slices.Delete(blocks, h, h+1)
		}
	case len(blocks) > h+1 && isHeading(blocks[h]):
		r.Title = blocks[h]
		blocks = slices.Delete(blocks, h, h+1)
	}
	// Bylines and datelines sit in the first few blocks, before the text.
	for i := 0; i < len(blocks) && i < 5; i++ {
		b := blocks[i]
		if names := byline(b); names != nil {
			r.Authors = append(r.Authors, names...)
			r.remove("byline", b)
			blocks[i] = ""
			continue
		}
		if p, ok := dateline(b); ok {
			if p.Known() && !r.Published.Known() {
				p.Source = model.FromText
				r.Published = p
			}
			r.remove("dateline", b)
			blocks[i] = ""
			continue
		}
		if IsStamp(b) {
			// A date line in a form the date parser does not read is still
			// a dateline, not text.
			r.remove("dateline", b)
			blocks[i] = ""
			continue
		}
		if r.Published.Known() {
			continue
		}
		// A wire dateline opening the first paragraph stays in the text.
		if m := wireLead.FindStringSubmatch(b); m != nil {
			if p, ok := dates.Parse(m[1]); ok {
				p.Source = model.FromText
				r.Published = p
			}
		}
		if len(strings.Fields(b)) > 25 {
			break // the body has begun
		}
	}
	return blocks
}

func isHeading(s string) bool {
	n := len(strings.Fields(s))
	if n == 0 || n > 25 || len(s) > 220 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".,;。，；،؛", last) {
		return false
	}
	if IsStamp(s) {
		return false // a date or a time is never a title
	}
	if byline(s) != nil {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	uncased := unicode.IsLetter(first) && !unicode.IsUpper(first) && !unicode.IsLower(first) // Arabic, Hebrew, CJK
	return unicode.IsUpper(first) || uncased || unicode.IsDigit(first) || strings.ContainsRune(`"'“‘«„`, first)
}

// byline reads "By Jane Roe and John Poe" (optionally followed by a role
// or a time after a comma or bar).
func byline(s string) []string {
	if !strings.HasPrefix(s, "By ") && !strings.HasPrefix(s, "BY ") || len(strings.Fields(s)) > 16 {
		return nil
	}
	rest := s[3:]
	if i := strings.IndexAny(rest, "|•·\n"); i >= 0 {
		rest = rest[:i]
	}
	var names []string
	for _, part := range strings.Split(strings.NewReplacer(" and ", ",", " & ", ",").Replace(rest), ",") {
		p := strings.TrimSpace(part)
		if isName(p) {
			names = append(names, p)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return names
}

// notName are words that mark a byline part as a role, a time or an
// outlet ("Harbour Times", "Chief Correspondent"), not a person.
var notName = map[string]bool{
	"email": true, "author": true, "staff": true, "updated": true, "ago": true, "editor": true,
	"correspondent": true, "reporter": true, "writer": true, "press": true, "news": true, "agency": true,
	"times": true, "post": true, "daily": true, "herald": true, "tribune": true, "journal": true,
	"wire": true, "radio": true, "tv": true, "broadcasting": true, "service": true, "gazette": true,
	"review": true, "chronicle": true, "courier": true, "observer": true, "telegraph": true,
	"guardian": true, "standard": true, "express": true, "mirror": true, "today": true, "weekly": true,
	"media": true, "network": true, "channel": true, "online": true, "report": true, "bureau": true,
	"desk": true, "team": true, "chief": true, "senior": true, "associated": true, "correspondents": true,
}

var datePrefixes = []string{"published:", "published on", "published", "posted:", "posted on", "posted", "updated:", "updated", "last updated:", "last updated", "first published:", "first published", "date:"}

// dateline reads a line that is a date, possibly with a prefix
// ("Published:") and trailing parts after " | " or " / ".
func dateline(s string) (model.Published, bool) {
	if len(s) > 120 {
		return model.Published{}, false
	}
	cand := s
	lower := strings.ToLower(cand)
	updated := false
	for _, p := range datePrefixes {
		if strings.HasPrefix(lower, p) {
			updated = strings.Contains(p, "updated")
			cand = strings.TrimSpace(cand[len(p):])
			break
		}
	}
	tries := []string{cand}
	if strings.Contains(cand, " at ") {
		tries = append(tries, strings.Replace(cand, " at ", " ", 1)) // "March 12, 2024 at 6:34 am"
	}
	for _, sep := range []string{" | ", " • ", " · ", " - ", " — "} {
		if i := strings.Index(cand, sep); i > 0 {
			tries = append(tries, strings.TrimSpace(cand[:i]))
		}
	}
	// "Kostrava, 7 February 2025": a place before the date.
	if i := strings.Index(cand, ", "); i > 0 && i < 30 && len(strings.Fields(cand[:i])) <= 3 {
		tries = append(tries, strings.TrimSpace(cand[i+2:]))
	}
	if i := strings.Index(cand, " / Updated"); i > 0 {
		tries = append(tries, strings.TrimSpace(cand[:i]))
	}
	for _, t := range tries {
		if p, ok := dates.Parse(t); ok {
			if updated {
				// An update time is a dateline to remove, not the time
				// the article was published.
				return model.Published{Reliability: model.Unknown}, true
			}
			return p, true
		}
	}
	return model.Published{}, false
}

func dedupe(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		k := strings.ToLower(n)
		if !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

// sameTitle tells whether a block repeats a given title, ignoring case,
// spacing and punctuation.
func sameTitle(block, title string) bool {
	return foldTitle(block) == foldTitle(title)
}

func foldTitle(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
