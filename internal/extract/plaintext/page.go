package plaintext

import (
	"hash/fnv"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/extract/dates"
)

// A copy of a whole web page holds the article inside the page around it:
// menus, section lists, teasers of other articles, cookie notices, comment
// forms, footers. Text keeps no markup, so the article is told apart by
// what text does keep: article paragraphs are long and end as sentences,
// page furniture comes as runs of short, capitalised lines. Each block is
// given a score (positive for text that reads as prose, negative for
// furniture) and the article is the run of blocks with the greatest sum:
// a few short lines inside an article (a subheading, a caption) cost less
// than the paragraphs around them gain, while the long runs of furniture
// between the article and a stray paragraph elsewhere cost more.

// blockScore says how much a block (a paragraph of the text) reads as
// article prose: its length in words when it does, a negative cost when it
// reads as page furniture. head says the block is a section head.
func blockScore(text string, head bool) float64 {
	f := measure(text)
	switch {
	case head:
		// About two paragraphs: the comments or teasers after an article
		// are not taken for more of it, while a related-links box inside
		// a long article does not cut it.
		return -25
	case f.words <= 12 && (IsStamp(text) || isCommenter(text)):
		// The dates and names that head each comment or teaser.
		return -30
	case f.words == 0:
		return 0
	case f.words >= 10 && f.sentenceEnd && f.capShare < 0.6:
		return f.words
	case f.words >= 20 && f.capShare < 0.5:
		return f.words * 0.5
	case f.words >= 3 && f.sentenceEnd && f.lower:
		return f.words * 0.3
	case f.words >= 3 && f.lower && listItem.MatchString(text):
		// "- Rates rise to 6.5 percent": a list written into the article's
		// own text (a page copy loses its markers; a writer's text keeps them).
		return f.words * 0.3
	default:
		return -(2 + 0.5*f.words)
	}
}

var listItem = regexp.MustCompile(`^(?:[-–•*▪·]|\d{1,2}[.)])\s`)

// features are what blockScore reads of a block.
type features struct {
	words       float64 // words, with text in scripts written without spaces counted by characters
	sentenceEnd bool    // ends as a sentence does
	capShare    float64 // share of words (in cased scripts) that start with a capital
	lower       bool    // holds a word that starts in lower case
}

// measure reads a block's features.
func measure(s string) features {
	var f features
	var cased, capital, unspaced int
	for _, w := range strings.Fields(s) {
		f.words++
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, `"'“‘«(¿¡[`))
		switch {
		case unicode.IsUpper(r):
			cased++
			capital++
		case unicode.IsLower(r):
			cased++
			f.lower = true
		}
	}
	for _, r := range s {
		if r >= 0x0E00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) {
			unspaced++
		}
	}
	if unspaced > 0 {
		// About two characters to a word in Chinese and Japanese text.
		f.words += float64(unspaced) / 2
		f.lower = true
	}
	if cased == 0 && f.words > 0 {
		// Arabic, Hebrew, Devanagari and the like have no capitals: their
		// words read as ordinary words, not as a title or a menu.
		f.lower = true
	}
	if cased > 0 {
		f.capShare = float64(capital) / float64(cased)
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	f.sentenceEnd = strings.ContainsRune(`.!?。！？…"”’»؟।۔`, last)
	return f
}

// mainRun returns the bounds [start, end) of the article's run of blocks,
// given their scores and the section heads among them: the run
// with the greatest sum, where some prose counts for a quarter. Comments
// follow the article they are on, and a long thread outweighs it: once a
// comments head follows a run long enough to be an article, all prose
// after it. And past any section head, a paragraph that shares fewer than
// three words with the run before the head: an inline "Related" box is
// crossed, the teasers of other articles are not.
func mainRun(texts []string, scores []float64, heads []heading) (start, end int) {
	best, sum := 0.0, 0.0
	from := 0
	discount := false
	var topic map[string]bool // the words of the run before it passed a section head
	for i, s := range scores {
		if heads[i] == commentsHead && max(sum, best) >= articleMass {
			discount = true
		}
		if sum <= 0 {
			sum, from, topic = 0, i, nil
		}
		if topic == nil && sum >= articleMass && heads[i] != noHead {
			topic = map[string]bool{}
			for _, t := range texts[from:i] {
				for _, w := range strings.Fields(t) {
					if k := wordKey(w); k != "" {
						topic[k] = true
					}
				}
			}
		}
		if s > 0 && (discount || topic != nil && shared(texts[i], topic) < 3) {
			s *= 0.25
		}
		sum += s
		if sum > best {
			best, start, end = sum, from, i+1
		}
	}
	return start, end
}

// selectArticle keeps the article's run of blocks, with its headline and
// the bylines and datelines between the two, and records the rest of the
// page as removed. Text with only a few blocks outside the run (a title,
// a byline, a stray line) is an article already and comes back unchanged.
func (r *Result) selectArticle(texts []string, title string, furniture func(string) bool) []string {
	scores := make([]float64, len(texts))
	heads := make([]heading, len(texts))
	repeated := make([]bool, len(texts))
	for i, t := range texts {
		heads[i] = headingOf(t)
		scores[i] = blockScore(t, heads[i] != noHead)
		if furniture != nil && furniture(t) {
			repeated[i] = true
			scores[i] = -(2 + 0.5*measure(t).words)
		}
	}
	start, end := mainRun(texts, scores, heads)
	if end == 0 {
		return texts
	}
	head := headline(texts, start, title)
	// A box of links inside the article (a "Related" head and the
	// headlines under it) goes, up to the next paragraph of prose.
	inBox := make([]bool, len(texts))
	for i := start; i < end; i++ {
		if heads[i] == noHead {
			continue
		}
		inBox[i] = true
		for j := i + 1; j < end && scores[j] < 0; j++ {
			inBox[j] = true
		}
	}
	keep := func(i int) bool {
		t := texts[i]
		return i >= start && i < end && !inBox[i] && !repeated[i] || i == head || i > head && i < start && (byline(t) != nil || IsStamp(t))
	}
	outside := 0
	for i, t := range texts {
		if t != "" && !keep(i) {
			outside++
		}
	}
	if outside < minPageBlocks {
		// An article already: only the lines its site repeats go.
		var out []string
		for i, t := range texts {
			if repeated[i] {
				r.remove("page", t)
				continue
			}
			out = append(out, t)
		}
		return out
	}
	if r.URL == "" {
		r.URL = pastedURL(texts[end:])
	}
	var out []string
	for i, t := range texts {
		switch {
		case t == "":
		case keep(i):
			out = append(out, t)
		default:
			r.remove("page", t)
		}
	}
	return out
}

// minPageBlocks is how many blocks outside the article make a text a copy
// of a page: fewer are an article's own title, byline and the like, which
// the head of the article is read for.
const minPageBlocks = 5

// headline returns the index of the article's headline among the blocks
// shortly before start, or start when none reads as one. A page puts
// more than its headline there (section names, share buttons, captions,
// the site's banner), so the headline is the heading that shares most of
// its words with the article's opening, the nearest one on a tie.
func headline(texts []string, start int, title string) int {
	if title != "" {
		// The source gave the title: the headline is where the page repeats it.
		for i := start - 1; i >= 0 && i >= start-headlineReach; i-- {
			if sameTitle(texts[i], title) {
				return i
			}
		}
		return start
	}
	body := map[string]bool{}
	words := 0
	for i := start; i < len(texts) && words < 300; i++ {
		for _, w := range strings.Fields(texts[i]) {
			words++
			if k := wordKey(w); k != "" {
				body[k] = true
			}
		}
	}
	best, bestShare := start, 0.0
	for i := start - 1; i >= 0 && i >= start-headlineReach; i-- {
		t := texts[i]
		n := len(strings.Fields(t))
		if n < 2 || !isHeading(t) || byline(t) != nil || IsStamp(t) || isCommenter(t) || isSectionEnd(t) {
			continue
		}
		keys, shared := 0, 0
		for _, w := range strings.Fields(t) {
			if k := wordKey(w); k != "" {
				keys++
				if body[k] {
					shared++
				}
			}
		}
		if keys == 0 || shared < 2 && shared < keys {
			continue
		}
		// A two-word section name shares its words as easily as a headline
		// does, so a heading counts fully only with six words to match.
		share := float64(shared) / float64(keys) * float64(min(keys, 6)) / 6
		if share > bestShare+0.05 {
			best, bestShare = i, share
		}
	}
	if bestShare < 0.25 {
		return start
	}
	return best
}

// headlineReach is how many blocks before the article the headline is
// looked for: past a caption, a byline, a date and a row of buttons.
const headlineReach = 15

// wordKey folds a content word for matching a headline with its article:
// lower case, its first five letters (a crude stem that serves most
// languages written with spaces), nothing for short words.
func wordKey(w string) string {
	w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	if utf8.RuneCountInString(w) < 4 {
		return ""
	}
	n := 0
	for i := range w {
		if n == 5 {
			return w[:i]
		}
		n++
	}
	return w
}

func isDate(s string) bool {
	_, ok := dateline(s)
	return ok
}

// Section heads are lines that head what follows an article on a page
// (related articles, teasers, comments), in the languages Storywire
// identifies, in lower case. commentHeads open comments.
var (
	otherHeads = []string{
		// English
		"related", "related articles", "related stories", "related posts", "related content", "related news", "related coverage", "related topics",
		"read these next", "read next", "up next", "what to read next", "more from", "more stories", "more news", "more on this", "more in", "more like this",
		"you may also like", "you might also like", "you may be interested in", "recommended", "recommended for you", "recommended stories", "editor's picks", "editors' picks",
		"trending", "trending now", "trending stories", "most popular", "most read", "most viewed", "popular", "popular now", "popular stories", "latest", "latest news", "latest stories", "top stories",
		"sponsored stories", "sponsored links", "around the web", "from the web", "promoted stories", "paid content", "partner content",
		"about the author", "previous article", "next article", "previous post", "next post", "previous story", "next story", "newer post", "older post",
		// German, French, Spanish, Portuguese, Italian
		"ähnliche artikel", "mehr zum thema", "weitere artikel", "das könnte sie auch interessieren", "lesen sie auch", "auch interessant", "meistgelesen",
		"à lire aussi", "lire aussi", "articles similaires", "sur le même sujet", "vous aimerez aussi", "les plus lus", "à lire également",
		"artículos relacionados", "noticias relacionadas", "te puede interesar", "lo más leído", "más noticias", "también te puede interesar",
		"leia também", "notícias relacionadas", "veja também", "mais lidas", "leia mais",
		"articoli correlati", "leggi anche", "potrebbe interessarti", "i più letti",
		// Russian, Ukrainian, Indonesian, Arabic, Chinese, Japanese
		"похожие статьи", "читайте также", "похожие новости", "популярное", "читайте також",
		"artikel terkait", "baca juga", "berita terkait", "terkait",
		"مقالات ذات صلة", "اقرأ أيضا",
		"相关文章", "相关阅读", "関連記事", "人気記事",
	}
	commentHeads = []string{
		"comments", "comment", "leave a reply", "leave a comment", "post a comment", "add a comment", "join the conversation", "join the discussion", "show comments", "view comments",
		"kommentare", "commentaires", "comentarios", "comentários", "commenti", "комментарии", "коментарі", "komentar", "tinggalkan balasan", "التعليقات", "评论", "コメント",
	}
)

type sectionHead struct {
	text     string
	words    int
	prefix   bool // also heads a line that names a section: "More from Sports"
	comments bool // opens the page's comments
}

// headsByFirstWord indexes the section heads by their first word, so a
// line is checked against the few heads it could be.
var headsByFirstWord = func() map[string][]sectionHead {
	m := map[string][]sectionHead{}
	add := func(heads []string, comments bool) {
		for _, h := range heads {
			first, _, _ := strings.Cut(h, " ")
			// Words that also start ordinary headings head a section only alone.
			prefix := h != "latest" && h != "popular" && h != "comment"
			m[first] = append(m[first], sectionHead{text: h, words: len(strings.Fields(h)), prefix: prefix, comments: comments})
		}
	}
	add(otherHeads, false)
	add(commentHeads, true)
	return m
}()

// matchHead returns the section head a line is, if it is one: the head
// alone, with a count or punctuation ("34 Comments", "Comments (12)",
// "Related:"), or followed by a section's name in capitals ("More from
// Sports", "Related: Elections"), but not a subheading that goes on in
// lower case ("Comments from residents", "More from the minister").
func matchHead(line string) (sectionHead, bool) {
	if len(line) > 60 {
		return sectionHead{}, false
	}
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }
	// Most lines are no head: look their first word up before splitting.
	rest := strings.TrimLeftFunc(line, notWord)
	if i := strings.IndexFunc(rest, notWord); i >= 0 {
		rest = rest[:i]
	}
	if len(headsByFirstWord[strings.ToLower(rest)]) == 0 {
		return sectionHead{}, false
	}
	words := strings.FieldsFunc(line, notWord)
	if len(words) == 0 {
		return sectionHead{}, false
	}
	l := strings.ToLower(strings.Join(words, " "))
	first, _, _ := strings.Cut(l, " ")
	for _, h := range headsByFirstWord[first] {
		if l == h.text || h.prefix && strings.HasPrefix(l, h.text+" ") && len(words) <= h.words+3 && capitalised(words[h.words:]) {
			return h, true
		}
	}
	return sectionHead{}, false
}

// isSectionEnd tells a line that heads what follows an article.
func isSectionEnd(line string) bool {
	_, ok := matchHead(line)
	return ok
}

// heading is what kind of section head a line is.
type heading uint8

const (
	noHead       heading = iota
	otherHead            // related articles, teasers and the like
	commentsHead         // "34 Comments", "Leave a Reply", "Kommentare (3)"
)

func headingOf(line string) heading {
	switch h, ok := matchHead(line); {
	case !ok:
		return noHead
	case h.comments:
		return commentsHead
	}
	return otherHead
}

// capitalised tells whether every word starts with a capital or a digit.
func capitalised(words []string) bool {
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return len(words) > 0
}

// IsStamp tells a line that is only a date or a time ("November 19, 2019
// at 6:34 am", "Published 2:16 AM EST Nov 20, 2019", "2 hours ago"): every
// word is a number, a clock time, a month or weekday, a time zone or one
// of the words that go with them.
func IsStamp(line string) bool {
	if len(line) > 120 || strings.IndexFunc(line, unicode.IsDigit) < 0 {
		return false
	}
	if stampWordsOnly(line) {
		return true
	}
	// Other forms a date takes ("Thu Feb 8, 2018 9:40AM EST", "08.03.2024")
	// are left to the date parser, for lines with a year and more.
	return len(line) <= 60 && strings.ContainsAny(strings.TrimSpace(line), " ./-") && yearRe.MatchString(line) && isDate(line)
}

// stampWordsOnly tells a line whose every word goes with dates and times,
// with at least one number, clock time, month or weekday among them.
func stampWordsOnly(line string) bool {
	fields := strings.FieldsFunc(strings.ToLower(line), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",|/·•–—()[];", r)
	})
	if len(fields) == 0 || len(fields) > 12 {
		return false
	}
	dated := false
	for _, f := range fields {
		f = strings.TrimRight(f, ".:")
		switch {
		case f == "" || f == "-":
		case clockWord.MatchString(f):
			dated = true
		case strings.IndexFunc(f, unicode.IsLetter) < 0:
			// A number alone dates nothing ("1984", "9/11", "24 hours").
		case dates.IsMonthOrWeekday(f):
			dated = true
		case f == "ago":
			dated = true
		case stampWords[f]:
		default:
			return false
		}
	}
	return dated
}

var clockWord = regexp.MustCompile(`^\d{1,2}[:.h]\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?$|^\d{1,2}(?:[ap]m|h)$|^\d{4}-\d{2}-\d{2}(?:t[\d:.z+-]+)?$|^\d{1,2}(?:st|nd|rd|th)$`)

// stampWords go with dates and times in datelines and comment stamps.
var stampWords = map[string]bool{
	"published": true, "updated": true, "posted": true, "last": true, "on": true, "at": true, "am": true, "pm": true, "a.m": true, "p.m": true,
	"hours": true, "hour": true, "minutes": true, "minute": true, "days": true, "day": true, "weeks": true, "yesterday": true, "today": true, "an": true, "a": true,
	"gmt": true, "utc": true, "est": true, "edt": true, "cst": true, "cdt": true, "mst": true, "mdt": true, "pst": true, "pdt": true, "bst": true, "cet": true, "cest": true, "ist": true, "et": true, "pt": true, "ct": true,
	"de": true, "le": true, "am.": true, "um": true, "uhr": true, "à": true, "el": true, "às": true, "alle": true, "в": true, "г": true, "года": true, "pukul": true, "wib": true,
}

// isCommenter tells a comment's heading line: "jdoe says:", "Jane Roe
// said...", "Reply".
func isCommenter(line string) bool {
	l := strings.ToLower(strings.TrimSpace(line))
	for _, s := range []string{" says:", " said:", " says", " wrote:", " schreibt:", " a écrit :", " dice:", " disse:", " berkata:"} {
		if strings.HasSuffix(l, s) && len(strings.Fields(l)) <= 5 {
			return true
		}
	}
	return l == "reply" || l == "responder" || l == "antworten" || l == "répondre" || l == "balas"
}

// articleMass is the score (about words of prose) of a run long enough to
// be an article rather than a teaser or a caption.
const articleMass = 80

// shared counts the words of text whose keys are in words.
func shared(text string, words map[string]bool) int {
	n := 0
	for _, w := range strings.Fields(text) {
		if k := wordKey(w); k != "" && words[k] {
			n++
		}
	}
	return n
}

// LineKey is the key under which a line of a page copy is counted across
// a site's pages (store.Tx.AddSiteLines): its words in lower case, or 0
// for a line too short to tell a site's furniture by (short lines are
// told by their shape).
func LineKey(line string) uint64 {
	words := strings.Fields(strings.ToLower(line))
	if len(words) < siteLineWords {
		return 0
	}
	h := fnv.New64a()
	for _, w := range words {
		h.Write([]byte(w))
		h.Write([]byte{' '})
	}
	return h.Sum64()
}

// siteLineWords is the fewest words of a line counted across a site's
// pages: a promotion, a disclaimer, a standing credit line.
const siteLineWords = 6
