package extract

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/model"
)

var ingestTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newExtractor(t *testing.T, opts Options) *Extractor {
	t.Helper()
	opts.Now = func() time.Time { return ingestTime }
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

const page = `<!doctype html><html lang="en"><head>
<title>Harbour strike ends after nine days | Coastline Courier</title>
<meta property="og:site_name" content="Coastline Courier">
<link rel="canonical" href="https://courier.example/news/2024/03/05/strike?utm_source=rss&id=7">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Harbour strike ends after nine days","datePublished":"2024-03-05T09:40:00+01:00",
 "author":[{"@type":"Person","name":"Lena Ortiz"}],"publisher":{"@type":"Organization","name":"Coastline Courier"}}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article>
<h1>Harbour strike ends after nine days</h1>
<p class="byline">By Lena Ortiz | Email the author | 2 hours ago</p>
<figure><img src="crane.jpg"><figcaption>Cranes stood idle on March 1, 2023. PHOTO: Port Authority</figcaption></figure>
<p>Dock workers at the port of Westhaven returned to work on Tuesday after union leaders accepted a pay offer that ends a nine-day strike.</p>
<p>The agreement raises wages by 6 percent this year and 4 percent next year, the union said in a statement.</p>
<p>Shipping companies had diverted more than two dozen vessels to other ports during the stoppage, according to the harbour master.</p>
<p>Sign up for our morning newsletter to get the latest news in your inbox.</p>
<p>The port handles about a third of the region's container traffic, and exporters had warned of losses.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Ferry fares rise</a></li><li><a href="/b">New crane ordered</a></li></ul></aside>
<footer>Share on Facebook · Share on X · © Coastline Courier</footer>
</body></html>`

func TestHTMLArticle(t *testing.T) {
	e := newExtractor(t, Options{})
	a, err := e.Extract(model.RawDocument{Origin: "pages/strike.html", Format: model.FormatHTML, Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour strike ends after nine days" {
		t.Errorf("title %q", a.Title)
	}
	if a.Outlet != "Coastline Courier" {
		t.Errorf("outlet %q", a.Outlet)
	}
	if a.URL != "https://courier.example/news/2024/03/05/strike?id=7" {
		t.Errorf("canonical URL %q: want tracking parameters removed", a.URL)
	}
	if strings.Join(a.Authors, "|") != "Lena Ortiz" {
		t.Errorf("authors %q", a.Authors)
	}
	want := time.Date(2024, 3, 5, 8, 40, 0, 0, time.UTC)
	if p := a.Published; !p.Time.Equal(want) || p.Source != model.FromMetadata || p.Reliability != model.Exact || !p.HasZone || p.Offset != 3600 {
		t.Errorf("published %+v: want %v +01:00 from metadata, exact", p, want)
	}
	if a.Language != "en" {
		t.Errorf("language %q", a.Language)
	}
	for _, junk := range []string{"Home", "cookies", "Related stories", "Ferry fares", "Share on", "newsletter", "Email the author", "Cranes stood idle"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, a.Text)
		}
	}
	if got := len(strings.Split(a.Text, "\n\n")); got != 4 {
		t.Errorf("%d paragraphs, want 4:\n%s", got, a.Text)
	}
	if !strings.HasPrefix(a.Text, "Dock workers at the port") {
		t.Errorf("text starts %q", a.Text[:40])
	}
	if len(a.Removed) == 0 {
		t.Error("nothing recorded as removed")
	}
	if a.ID == "" || len(a.ContentHash) != 64 || !a.Ingested.Equal(ingestTime) {
		t.Errorf("id %q hash %q ingested %v", a.ID, a.ContentHash, a.Ingested)
	}
}

func TestHTMLWithoutMetadata(t *testing.T) {
	e := newExtractor(t, Options{})
	body := `<html><body><div id="main"><h1>Council approves budget</h1>
<p>The city council approved next year's budget on Monday by a vote of seven to four, after a debate that lasted into the night.</p>
<p>The budget includes new money for road repairs and for the public library, which had cut its opening hours last year.</p>
<p>Opposition members said the plan relied on optimistic forecasts of property tax revenue and would leave the city exposed.</p>
</div></body></html>`
	a, err := e.Extract(model.RawDocument{Origin: "https://news.example/2024/02/12/budget", Format: model.FormatHTML, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Council approves budget" {
		t.Errorf("title %q", a.Title)
	}
	if a.Outlet != "news.example" || a.URL != "https://news.example/2024/02/12/budget" {
		t.Errorf("outlet %q url %q: want the URL's host", a.Outlet, a.URL)
	}
	if p := a.Published; p.Source != model.FromURL || p.Reliability != model.Day || p.Time.Format("2006-01-02") != "2024-02-12" {
		t.Errorf("published %+v: want 2024-02-12 from the URL, day", p)
	}
}

func TestPlainTextLeftovers(t *testing.T) {
	e := newExtractor(t, Options{})
	body := "Rail union calls off weekend walkout\n\n" +
		"Thu Feb 8, 2018 9:40AM\n\n" +
		"PHOTO: Commuters wait at Central station on January 3, 2017. (Reuters)\n\n" +
		"The rail union called off a weekend strike on Thursday after talks with the operator produced a new offer, a spokesman <u>said</u>.\n\n" +
		"Interested in Transport? Add Transport as an interest to stay up to date on the latest news.\n\n" +
		"The offer includes a 5 per cent pay rise and changes to rosters that members had criticised &amp; opposed.\n\n" +
		"Contributor: Sam Reid\n\n" +
		"Original url: https://rail.example/news/walkout?utm_campaign=x\n"
	a, err := e.Extract(model.RawDocument{Origin: "walkout.txt", Format: model.FormatText, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Rail union calls off weekend walkout" {
		t.Errorf("title %q", a.Title)
	}
	if a.URL != "https://rail.example/news/walkout" || a.Outlet != "rail.example" {
		t.Errorf("url %q outlet %q", a.URL, a.Outlet)
	}
	if strings.Join(a.Authors, "|") != "Sam Reid" {
		t.Errorf("authors %q", a.Authors)
	}
	if p := a.Published; p.Source != model.FromText || p.Time.Format("2006-01-02 15:04") != "2018-02-08 09:40" {
		t.Errorf("published %+v: want the dateline, not the caption's date", p)
	}
	for _, junk := range []string{"PHOTO", "Interested in", "Original url", "Contributor", "<u>", "&amp;"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, a.Text)
		}
	}
	if !strings.Contains(a.Text, "a spokesman said.") || !strings.Contains(a.Text, "criticised & opposed") {
		t.Errorf("inline tag or entity not cleaned:\n%s", a.Text)
	}
}

func TestNoDateIsUnknownNotIngestTime(t *testing.T) {
	e := newExtractor(t, Options{})
	a, err := e.Extract(model.RawDocument{Origin: "x.txt", Format: model.FormatText, Body: []byte("Quiet day\n\nNothing in this article says when it was written, and nothing else does either.")})
	if err != nil {
		t.Fatal(err)
	}
	if a.Published.Known() || a.Published.Reliability != model.Unknown {
		t.Errorf("published %+v, want unknown", a.Published)
	}
	if !a.Ingested.Equal(ingestTime) {
		t.Errorf("ingested %v", a.Ingested)
	}
}

func TestPriorityUserOverSource(t *testing.T) {
	e := newExtractor(t, Options{Outlet: "My Outlet", Published: "2024-03-12"})
	doc := model.RawDocument{Origin: "a.json", Format: model.FormatText, Body: []byte("Title\n\nSome body text for the article."),
		Meta: model.Metadata{Outlet: "Their Outlet", Published: "2020-01-01T00:00:00Z", PublishedSource: model.FromMetadata}}
	a, err := e.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	if a.Outlet != "My Outlet" || a.Published.Source != model.FromUser || a.Published.Time.Format("2006-01-02") != "2024-03-12" {
		t.Errorf("outlet %q published %+v: want the user's", a.Outlet, a.Published)
	}
	if _, err := New(Options{Published: "next blursday"}); err == nil || !strings.Contains(err.Error(), "next blursday") {
		t.Errorf("bad --published: %v", err)
	}
}

func TestUnreadableMetadataTimeKept(t *testing.T) {
	e := newExtractor(t, Options{})
	doc := model.RawDocument{Origin: "a.jsonl:3", Format: model.FormatText, Body: []byte("Title\n\nBody text of the article."),
		Meta: model.Metadata{Published: "sometime in spring", PublishedSource: model.FromMetadata}}
	a, err := e.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	if a.Published.Known() || string(a.Extra["published_unparsed"]) != `"sometime in spring"` {
		t.Errorf("published %+v extra %v", a.Published, a.Extra)
	}
}

func TestLegacyEncodings(t *testing.T) {
	e := newExtractor(t, Options{})
	// "Министр заявил" and more, in windows-1251, with no declared charset.
	ru := []byte("\xcc\xe8\xed\xe8\xf1\xf2\xf0 \xe8\xed\xee\xf1\xf2\xf0\xe0\xed\xed\xfb\xf5 \xe4\xe5\xeb \xe7\xe0\xff\xe2\xe8\xeb \xe2\xee \xe2\xf2\xee\xf0\xed\xe8\xea, \xf7\xf2\xee \xef\xe5\xf0\xe5\xe3\xee\xe2\xee\xf0\xfb \xe2\xee\xe7\xee\xe1\xed\xee\xe2\xff\xf2\xf1\xff.")
	a, err := e.Extract(model.RawDocument{Origin: "ru.txt", Format: model.FormatText, Body: ru})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Title, "Министр иностранных дел") || a.Language != "ru" {
		t.Errorf("cp1251: title %q language %q", a.Title, a.Language)
	}
	// Invalid UTF-8 mixed into otherwise UTF-8 text does not fail the article.
	mixed := []byte("Caf\xe9 owners protest\n\nOwners of caf\xe9s in the old town protested against new rules on terraces on Friday.")
	a, err = e.Extract(model.RawDocument{Origin: "fr.txt", Format: model.FormatText, Body: mixed})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Café owners protest" {
		t.Errorf("cp1252: title %q", a.Title)
	}
}

func TestBadDocuments(t *testing.T) {
	e := newExtractor(t, Options{})
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	zip := append([]byte("PK\x03\x04\x14\x00\x00\x00"), make([]byte, 64)...)
	cases := []struct {
		name, origin string
		format       model.Format
		body         []byte
		want         string
	}{
		{"png named .txt", "photo.txt", model.FormatText, png, "PNG"},
		{"zip named .txt", "archive.txt", model.FormatText, zip, "zip"},
		{"empty", "empty.txt", model.FormatText, []byte("   \n"), "empty"},
		{"html without body text", "blank.html", model.FormatHTML, []byte("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"), "no article text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.Extract(model.RawDocument{Origin: c.origin, Format: c.format, Body: c.body})
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.origin) || !strings.Contains(strings.ToLower(msg), strings.ToLower(c.want)) {
				t.Errorf("error %q: want it to name %s and say %q", msg, c.origin, c.want)
			}
		})
	}
	_, err := e.Extract(model.RawDocument{Origin: "blank.html", Format: model.FormatHTML, Body: []byte("<html><body></body></html>")})
	if !errors.Is(err, ErrNoText) {
		t.Errorf("empty body: %v, want ErrNoText", err)
	}
}

func TestCleanAuthors(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{[]string{"By Jane Roe and John Poe | Email the author | 2 hours ago"}, "Jane Roe|John Poe"},
		{[]string{"Theresa May"}, "Theresa May"},
		{[]string{"María José de la Cruz", "maría josé de la cruz"}, "María José de la Cruz"},
		{[]string{"Follow @janeroe on Twitter", "Staff Reporter", "Updated March 3, 2024"}, ""},
		{[]string{"Ana Ruiz, Ben Cole"}, "Ana Ruiz|Ben Cole"},
	}
	for _, c := range cases {
		if got := strings.Join(cleanAuthors(c.in), "|"); got != c.want {
			t.Errorf("cleanAuthors(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIDStableAcrossSources(t *testing.T) {
	e := newExtractor(t, Options{})
	text := "Same story\n\nThe same article text arrives twice from two exports."
	a, _ := e.Extract(model.RawDocument{Origin: "a.txt", Format: model.FormatText, Body: []byte(text)})
	b, _ := e.Extract(model.RawDocument{Origin: "b.jsonl:4", Format: model.FormatText, Body: []byte(text), Meta: model.Metadata{ID: "x-9"}})
	if a.ID == "" || a.ID != b.ID {
		t.Errorf("IDs %q and %q: want the same content to get the same ID", a.ID, b.ID)
	}
	if string(b.Extra["source_id"]) != `"x-9"` {
		t.Errorf("exporter's ID not kept: %v", b.Extra)
	}
}

// Two different articles copied as text from one site carry the same
// menus, teasers and footer; they must not count as copies of each other.
func TestPageCopiesOfOneSiteAreNotCopies(t *testing.T) {
	var chrome strings.Builder
	for _, s := range []string{"Home", "World", "Business", "Politics", "Sport", "Culture", "Opinion", "Science", "Weather", "Podcasts", "Newsletters", "Subscribe", "Sign In"} {
		chrome.WriteString(s + "\n\n")
	}
	teasers := "Most Read\n\nBridge opens after four years of work on the estuary crossing\n\nMine inspections ordered across the north after the Sorvik collapse\n\nFerry fares to rise by a fifth from April, operator says\n\nBank of Veldora holds rates as inflation eases for a third month\n\nOpinion: the port needs a plan for the next decade, not the next strike\n\nTimber exporters count the cost of a lost spring season\n\nElection 2025: where the parties stand on housing and rents\n\nAbout Us\n\nContact\n\nPrivacy Policy\n\nTerms of Use\n\nCookie Settings\n\n© 2024 Harbour Times. All rights reserved.\n"
	pageA := chrome.String() + "Dock strike ends after three weeks\n\nWorkers at the port of Kostrava voted on Tuesday to accept a 9 percent pay rise over two years, ending a strike that halted most container traffic.\n\nThe union said 71 percent of its members backed the offer. Cranes were expected to move again on Wednesday.\n\n" + teasers
	pageB := chrome.String() + "Floods close the coast road\n\nHeavy rain flooded the coast road between Ostrel and Harn on Sunday, cutting off three villages for most of the day.\n\nEmergency crews pumped water from dozens of homes, and the road reopened to lorries late in the evening.\n\n" + teasers
	sk, err := copies.NewSketcher(copies.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	raw := copies.Similarity(sk.Sketch(pageA).Signature, sk.Sketch(pageB).Signature)
	if raw < copies.Threshold {
		t.Fatalf("the uncleaned pages score %.2f, below the copy threshold: the test would not catch chrome counted as text", raw)
	}
	e := newExtractor(t, Options{})
	a, err := e.Extract(model.RawDocument{Origin: "a.txt", Format: model.FormatText, Body: []byte(pageA)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Extract(model.RawDocument{Origin: "b.txt", Format: model.FormatText, Body: []byte(pageB)})
	if err != nil {
		t.Fatal(err)
	}
	if sim := copies.Similarity(sk.Sketch(a.Text).Signature, sk.Sketch(b.Text).Signature); sim >= copies.Threshold {
		t.Errorf("the two articles' texts score %.2f (copy threshold %.2f):\n%s\n---\n%s", sim, copies.Threshold, a.Text, b.Text)
	}
	if a.Title != "Dock strike ends after three weeks" || b.Title != "Floods close the coast road" {
		t.Errorf("titles %q, %q", a.Title, b.Title)
	}
	if a.Outlet != "Harbour Times" {
		t.Errorf("outlet %q, want the copyright line's", a.Outlet)
	}
}

// With a title from the source, the text's first block goes only when it
// repeats that title; a first paragraph that merely reads like a heading
// (no full stop at its end) stays, and nothing leaves unrecorded.
func TestGivenTitleKeepsFirstParagraph(t *testing.T) {
	e := newExtractor(t, Options{})
	tests := []struct {
		text, first string
	}{
		{"Senate passes the budget\n\nThe Senate on Friday passed the budget bill by 52 votes to 48, sending it to the president\n\nThe bill now goes to the House.", "The Senate on Friday passed the budget bill by 52 votes to 48, sending it to the president"},
		{"Lawmakers vote \"yes\" to the budget, with a warning: \"this is the last time\"\n\nThe vote came after midnight.", "Lawmakers vote \"yes\" to the budget"},
	}
	for _, tt := range tests {
		doc := model.RawDocument{Origin: "x.json:1", Format: model.FormatText, Body: []byte(tt.text), Meta: model.Metadata{Title: "Senate passes the budget"}}
		a, err := e.Extract(doc)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Senate passes the budget" || !strings.HasPrefix(a.Text, tt.first) {
			t.Errorf("title %q, text %q: want the given title and the text from %q", a.Title, a.Text, tt.first)
		}
	}
}

func TestHeadlineFromTextKeepsAbbreviations(t *testing.T) {
	tests := []struct{ para, want string }{
		{"Sen. Mira Kallas said on Monday the talks were over. Others disagreed.", "Sen. Mira Kallas said on Monday the talks were over"},
		{"The U.S. and Veldora signed a deal. It took a year.", "The U.S. and Veldora signed a deal"},
		{"The State Dept. said it would review the case. More later.", "The State Dept. said it would review the case"},
		{"Talks end! Both sides leave.", "Talks end"},
	}
	for _, tt := range tests {
		if got := headline(tt.para); got != tt.want {
			t.Errorf("headline(%q) = %q, want %q", tt.para, got, tt.want)
		}
	}
}

func TestTwiceEscapedHTMLTitle(t *testing.T) {
	e := newExtractor(t, Options{})
	src := `<html><head><title>Lynn: &amp;#8220;We needed to win&amp;nbsp;this&amp;#8221;</title></head><body><article><p>The coach said after the game that the team had needed to win it to keep its hopes alive, and it lost.</p><p>The team plays again on Sunday, away from home, against the league leaders.</p></article></body></html>`
	a, err := e.Extract(model.RawDocument{Origin: "p.html", Format: model.FormatHTML, Body: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Lynn: “We needed to win this”" {
		t.Errorf("Title = %q", a.Title)
	}
}

func TestShortItems(t *testing.T) {
	e := newExtractor(t, Options{})
	tests := []struct {
		name  string
		doc   model.RawDocument
		title string
		kind  string
	}{
		{"headline only", model.RawDocument{Origin: "f.jsonl:1", Format: model.FormatText, Meta: model.Metadata{Title: "Dock strike ends after three weeks"}}, "Dock strike ends after three weeks", ""},
		{"video teaser", model.RawDocument{Origin: "f.jsonl:2", Format: model.FormatText, Meta: model.Metadata{Title: "VIDEO: Minister resigns over port deal"}}, "Minister resigns over port deal", model.KindVideo},
		{"teaser as text", model.RawDocument{Origin: "f.txt", Format: model.FormatText, Body: []byte("WATCH: Floods close the coast road")}, "Floods close the coast road", model.KindVideo},
		{"summary", model.RawDocument{Origin: "f.rss#1", Format: model.FormatHTML, Body: []byte("<p>Workers voted to accept a 9 percent pay rise.</p>"), Meta: model.Metadata{Title: "Photos | Port reopens"}}, "Port reopens", model.KindPhoto},
	}
	for _, tt := range tests {
		a, err := e.Extract(tt.doc)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !a.Short || a.Title != tt.title || a.Kind != tt.kind || a.Text == "" {
			t.Errorf("%s: short %v, kind %q, title %q, text %q; want short, kind %q, title %q", tt.name, a.Short, a.Kind, a.Title, a.Text, tt.kind, tt.title)
		}
	}
	// An ordinary article is neither short nor of a kind, and a headline
	// that only starts like a prefix keeps it.
	a, err := e.Extract(model.RawDocument{Origin: "a.txt", Format: model.FormatText, Body: []byte("Live music returns to Kostrava\n\n" + strings.Repeat("The festival opened on Friday with three stages and a crowd of several thousand people. ", 5))})
	if err != nil {
		t.Fatal(err)
	}
	if a.Short || a.Kind != "" || a.Title != "Live music returns to Kostrava" {
		t.Errorf("article: short %v, kind %q, title %q", a.Short, a.Kind, a.Title)
	}
	if _, err := e.Extract(model.RawDocument{Origin: "empty.txt", Format: model.FormatText, Body: []byte("  ")}); !errors.Is(err, ErrNoText) {
		t.Errorf("no text and no title: %v, want ErrNoText", err)
	}
}

func TestTimestampIsNoTitle(t *testing.T) {
	e := newExtractor(t, Options{})
	doc := model.RawDocument{Origin: "x.jsonl:1", Format: model.FormatText, Meta: model.Metadata{Title: "July 2, 2013 07:44"},
		Body: []byte("Rescuers pulled two survivors from the collapsed mine at Sorvik on Tuesday. The company said the search would go on through the night.")}
	a, err := e.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Rescuers pulled two survivors from the collapsed mine at Sorvik on Tuesday" {
		t.Errorf("Title = %q, want the first sentence rather than a timestamp", a.Title)
	}
}

func TestGivenTitleRunIntoFirstParagraph(t *testing.T) {
	e := newExtractor(t, Options{})
	doc := model.RawDocument{Origin: "x.jsonl:3", Format: model.FormatText, Meta: model.Metadata{Title: "Senate passes the budget"},
		Body: []byte("Senate passes the budget\nWASHINGTON (AP) — The Senate on Friday passed the budget bill by 52 votes to 48.\n\nThe bill now goes to the House.")}
	a, err := e.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, "WASHINGTON (AP) — The Senate on Friday") || !strings.Contains(a.Text, "The bill now goes to the House.") {
		t.Errorf("text %q: want the first paragraph without the headline, and the rest", a.Text)
	}
}

func TestGivenTitleThatStartsTheLead(t *testing.T) {
	e := newExtractor(t, Options{})
	doc := model.RawDocument{Origin: "x.jsonl:4", Format: model.FormatText, Meta: model.Metadata{Title: "Storm Ciara"},
		Body: []byte("Storm Ciara battered the north coast on Sunday, cutting power to thousands of homes.\n\nThe storm moves east tonight.")}
	a, err := e.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, "Storm Ciara battered the north coast") {
		t.Errorf("text %q: the lead that starts with the title's words must stay whole", a.Text)
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct{ title, kind, rest string }{
		{"VIDEO: Minister resigns", model.KindVideo, "Minister resigns"},
		{"Watch: Floods close the road", model.KindVideo, "Floods close the road"},
		{"LIVE: Election night as it happened", model.KindLive, "Election night as it happened"},
		{"Opinion|Tax cuts will not pay for themselves", model.KindOpinion, "Tax cuts will not pay for themselves"},
		{"Photos | Port reopens", model.KindPhoto, "Port reopens"},
		{"Watchdog fines bank over mis-sold loans", "", "Watchdog fines bank over mis-sold loans"},
		{"Live music returns to Kostrava", "", "Live music returns to Kostrava"},
		{"Video games lift toy sales", "", "Video games lift toy sales"},
		{"VIDEO:", "", "VIDEO:"},
	}
	for _, tt := range tests {
		if kind, rest := kindOf(tt.title); kind != tt.kind || rest != tt.rest {
			t.Errorf("kindOf(%q) = %q, %q; want %q, %q", tt.title, kind, rest, tt.kind, tt.rest)
		}
	}
}

func TestNoHeadlineNoItem(t *testing.T) {
	e := newExtractor(t, Options{})
	for _, doc := range []model.RawDocument{
		{Origin: "menu.txt", Format: model.FormatText, Body: []byte("Advertisement\n\nMenu\n\nShare\n\nLoading...")},
		{Origin: "x.jsonl:1", Format: model.FormatText, Meta: model.Metadata{Title: "July 2, 2013 07:44"}},
	} {
		if a, err := e.Extract(doc); !errors.Is(err, ErrNoText) {
			t.Errorf("%s: stored as %q (%v), want ErrNoText", doc.Origin, a.Title, err)
		}
	}
	a, err := e.Extract(model.RawDocument{Origin: "x.jsonl:2", Format: model.FormatText, Meta: model.Metadata{Title: "1984"}})
	if err != nil || a.Title != "1984" || a.Text != "1984" {
		t.Errorf("headline \"1984\": %q %q %v", a.Title, a.Text, err)
	}
}

func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"“Sen. Smith wins the vote,” aides said. More.", "“Sen. Smith wins the vote,” aides said"},
		{"Prices rose to 5. Then they fell.", "Prices rose to 5"},
		{"J. R. Smith scored 30. The team won.", "J. R. Smith scored 30"},
	}
	for _, tt := range tests {
		if got := firstSentence(tt.in); got != tt.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A timestamp given as the title gives way to the headline over the text,
// even when single line breaks separate the text's lines.
func TestTimestampTitleGivesWayToTheHeadline(t *testing.T) {
	e := newExtractor(t, Options{})
	doc := model.RawDocument{Origin: "x.jsonl:5", Format: model.FormatText, Meta: model.Metadata{Title: "Posted 11/27/2005 7:21 AM"},
		Body: []byte("Updated 11/27/2005 3:41 PM\nStrong Earthquake Jolts Southern Island Towns\nA strong earthquake shook the south of the island on Sunday, damaging dozens of houses.\nNo one was killed, officials said.")}
	a, err := e.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Strong Earthquake Jolts Southern Island Towns" || !strings.HasPrefix(a.Text, "A strong earthquake shook") {
		t.Errorf("title %q, text %q", a.Title, a.Text)
	}
}

func TestOutletThatNamesNothing(t *testing.T) {
	e := newExtractor(t, Options{})
	a, err := e.Extract(model.RawDocument{Origin: "x.jsonl:1", Format: model.FormatText, Body: []byte("Cranes moved again at Kostrava on Wednesday after a three-week strike, the port authority said."),
		Meta: model.Metadata{Outlet: "-", URL: "https://harbour-times.example/business/2024/03/13/port"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Outlet != "harbour-times.example" {
		t.Errorf("Outlet = %q, want the address's host for an outlet of \"-\"", a.Outlet)
	}
}
