package plaintext

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/model"
)

func TestCleanMessyPage(t *testing.T) {
	b, err := os.ReadFile("testdata/messy.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := Clean(string(b))
	if r.Title != "Veldora calls off trade talks as fishermen stay in detention" {
		t.Errorf("Title = %q", r.Title)
	}
	if got := strings.Join(r.Authors, "; "); got != "Jane Roe; Tomas Varga; Ana Ruiz" {
		t.Errorf("Authors = %q (editors must not be authors)", got)
	}
	if r.URL != "https://harbour-times.example/2024/03/11/veldora-talks?utm_source=newsletter" {
		t.Errorf("URL = %q", r.URL)
	}
	want := time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)
	if !r.Published.Time.Equal(want) || r.Published.Reliability != model.Day || r.Published.Source != model.FromText {
		t.Errorf("Published = %+v, want 2024-03-11 day from text (not the caption's date)", r.Published)
	}
	text := strings.Join(r.Paragraphs, "\n\n")
	for _, gone := range []string{"Sign up", "PHOTO", "WATCH", "Play", "1:45", "Interested in", "Reporting by", "Original url", "<u>", "&quot;", "By Jane"} {
		if strings.Contains(text, gone) {
			t.Errorf("text still contains %q:\n%s", gone, text)
		}
	}
	for _, kept := range []string{
		"KOSTRAVA — The government of Veldora on Monday called off trade talks",
		`Foreign Minister Anya Kovalenko said the talks could not go ahead "while our fishermen remain in detention".`,
		"since the government in the north seized",
		"He said he would watch the vote closely.",
	} {
		if !strings.Contains(text, kept) {
			t.Errorf("text lost %q:\n%s", kept, text)
		}
	}
	if len(r.Paragraphs) != 3 {
		t.Errorf("%d paragraphs, want 3:\n%s", len(r.Paragraphs), text)
	}
	kinds := map[string]bool{}
	for _, rm := range r.Removed {
		kinds[rm.Kind] = true
	}
	for _, k := range []string{"byline", "dateline", "newsletter", "caption", "video", "interest", "contributors", "footer", "tag"} {
		if !kinds[k] {
			t.Errorf("nothing removed of kind %q; removed: %+v", k, r.Removed)
		}
	}
}

func TestLeftoverKind(t *testing.T) {
	tests := []struct{ line, want string }{
		{"WATCH: Minister speaks", "video"},
		{"Watch the skies tonight, astronomers say, as a comet passes close to the earth.", ""},
		{"Play video", "video"},
		{"Sign up for our newsletter", "newsletter"},
		{"Sign up to the scheme opened on Monday for 2,000 families in the region.", ""},
		{"Subscribe to our daily briefing", "newsletter"},
		{"Getty Images", "credit"},
		{"Reuters/Jane Roe", "credit"},
		{"(Photo: J. Marr/Harbour Times)", "credit"},
		{"Advertisement", "advert"},
		{"Share this article", "share"},
		{"Read more: Port strike enters second week", "related"},
		{"Copyright © 2024 Harbour Times. All rights reserved.", "footer"},
		{"Contributing: Ana Ruiz", "contributors"},
		{"Interested in Veldora? Add Veldora as an interest to stay up to date.", "interest"},
		{"The minister said the talks would resume.", ""},
		{"Photographers were kept away from the port.", ""},
	}
	for _, tt := range tests {
		if got := leftoverKind(tt.line); got != tt.want {
			t.Errorf("leftoverKind(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestDatelines(t *testing.T) {
	tests := []struct {
		text string
		want string
		rel  model.Reliability
	}{
		{"Title here\n\nThu Feb 8, 2018 9:40AM EST\n\nBody text follows here in a sentence.", "2018-02-08T14:40:00Z", model.Exact},
		{"Title here\n\nPublished: 12 March 2024 09:30 GMT\n\nBody text.", "2024-03-12T09:30:00Z", model.Exact},
		{"Title here\n\nKOSTRAVA, March 3, 2024 (Wire) - Talks were called off.", "2024-03-03T00:00:00Z", model.Day},
		{"Title here\n\nKOSTRAVA, May 14 (Wire) - Talks were called off.", "", model.Unknown},
		{"Title here\n\nUpdated: March 5, 2024\n\nBody.", "", model.Unknown},
		{"Title here\n\nPHOTO: Crowds on March 1, 2024.\n\nBody text without a date.", "", model.Unknown},
	}
	for _, tt := range tests {
		r := Clean(tt.text)
		got := ""
		if r.Published.Known() {
			got = r.Published.Time.Format(time.RFC3339)
		}
		if got != tt.want || r.Published.Reliability != tt.rel {
			t.Errorf("Clean(%q).Published = %q %s, want %q %s", tt.text, got, r.Published.Reliability, tt.want, tt.rel)
		}
	}
}

func TestWireDatelineStaysInText(t *testing.T) {
	r := Clean("Talks off\n\nKOSTRAVA, March 3, 2024 (Wire) - Talks were called off.")
	if len(r.Paragraphs) != 1 || !strings.HasPrefix(r.Paragraphs[0], "KOSTRAVA, March 3, 2024") {
		t.Fatalf("Paragraphs = %q", r.Paragraphs)
	}
}

func TestHardWrapsAndHyphens(t *testing.T) {
	r := Clean("A title\n\nThe talks were meant to settle\ntariffs on grain and timber that have dou-\nbled since 2022.\nA second paragraph starts here.\n\nA well-\nKnown case keeps its hyphen.")
	want := []string{
		"The talks were meant to settle tariffs on grain and timber that have doubled since 2022.",
		"A second paragraph starts here.",
		"A well- Known case keeps its hyphen.",
	}
	if strings.Join(r.Paragraphs, "|") != strings.Join(want, "|") {
		t.Fatalf("Paragraphs =\n%q\nwant\n%q", r.Paragraphs, want)
	}
}

func TestNoTitleWhenTextStartsWithSentence(t *testing.T) {
	r := Clean("The minister said on Monday that the talks were off.\n\nMore text.")
	if r.Title != "" || len(r.Paragraphs) != 2 {
		t.Fatalf("Title %q, %d paragraphs", r.Title, len(r.Paragraphs))
	}
}

func FuzzClean(f *testing.F) {
	b, _ := os.ReadFile("testdata/messy.txt")
	f.Add(string(b), "")
	f.Add("By \n\n<u>x</u>&amp;\r\n-\n", "")
	f.Add("Storm Ciara\nStorm Ciara battered the coast.\n\nRelated\n\n34 Comments\n\nhttps://x.example/ a/b", "Storm Ciara")
	f.Fuzz(func(t *testing.T, s, title string) {
		if !utf8.ValidString(s) || !utf8.ValidString(title) {
			return
		}
		r := CleanWith(s, Options{Title: title})
		for _, p := range r.Paragraphs {
			if strings.TrimSpace(p) == "" || !utf8.ValidString(p) {
				t.Fatalf("bad paragraph %q", p)
			}
		}
		for _, rm := range r.Removed {
			if rm.Text == "" || rm.Kind == "" {
				t.Fatalf("empty removal %+v", rm)
			}
		}
	})
}

func BenchmarkClean(b *testing.B) {
	raw, _ := os.ReadFile("testdata/messy.txt")
	text := string(raw)
	text = strings.Replace(text, "The talks were meant", strings.Repeat("The talks were meant to settle tariffs on grain and timber that have doubled. ", 30)+"\n\nThe talks were meant", 1)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Clean(text)
	}
}

func TestCleanPageCopy(t *testing.T) {
	b, err := os.ReadFile("testdata/page-copy.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := Clean(string(b))
	if r.Title != "Dock strike ends as port workers accept 9 percent pay deal" {
		t.Errorf("Title = %q, want the headline, not the site's banner or a section name", r.Title)
	}
	want := []string{
		"Workers at the port of Kostrava voted",
		"The union said 71 percent",
		"Business groups welcomed the deal",
		`"Nobody won this strike," said Elsa Brun`,
		"The port authority said it would take about ten days",
	}
	if len(r.Paragraphs) != len(want) {
		t.Errorf("%d paragraphs, want %d:\n%s", len(r.Paragraphs), len(want), strings.Join(r.Paragraphs, "\n"))
	}
	for i, w := range want {
		if i < len(r.Paragraphs) && !strings.HasPrefix(r.Paragraphs[i], w) {
			t.Errorf("paragraph %d = %q, want it to start %q", i, r.Paragraphs[i], w)
		}
	}
	if got := strings.Join(r.Authors, "; "); got != "Jane Roe" {
		t.Errorf("Authors = %q", got)
	}
	if r.Published.Time.Format("2006-01-02") != "2024-03-12" {
		t.Errorf("Published = %+v, want the dateline under the headline", r.Published)
	}
	if r.Outlet != "Harbour Times" {
		t.Errorf("Outlet = %q, want the copyright line's holder", r.Outlet)
	}
	if r.URL != "https://harbour-times.example/business/2024/03/12/dock-strike-ends" {
		t.Errorf("URL = %q, want the address pasted at the end", r.URL)
	}
	removed := map[string]bool{}
	for _, rm := range r.Removed {
		if rm.Kind == "page" {
			removed[rm.Text] = true
		}
	}
	for _, line := range []string{"Skip to content", "Shipping lines divert cargo as Kostrava strike bites", "harbourwatcher says:", "Privacy Policy"} {
		if !removed[line] {
			t.Errorf("%q not listed as removed page furniture", line)
		}
	}
}

func TestPageCopyNeedsFurniture(t *testing.T) {
	// A short article with a title, a byline and a one-line ending is not a
	// page: nothing of it may be cut as furniture.
	text := "Port reopens\n\nBy Jane Roe\n\nCranes moved again at Kostrava on Wednesday after a three-week strike, the port authority said.\n\nMore soon."
	r := Clean(text)
	if r.Title != "Port reopens" || len(r.Paragraphs) != 2 {
		t.Errorf("Title %q, paragraphs %q", r.Title, r.Paragraphs)
	}
	for _, rm := range r.Removed {
		if rm.Kind == "page" {
			t.Errorf("removed %q as page furniture", rm.Text)
		}
	}
}

func TestStampsAndSectionHeads(t *testing.T) {
	for _, s := range []string{"November 19, 2019 at 6:34 am", "Published 2:16 AM EST Nov 20, 2019", "2 hours ago", "Thu Feb 8, 2018 9:40AM EST", "22 ноября 2024 года"} {
		if !IsStamp(s) {
			t.Errorf("IsStamp(%q) = false", s)
		}
	}
	for _, s := range []string{"Dock strike ends", "9 percent pay deal agreed", "Palm Bay 70, Rockledge 44"} {
		if IsStamp(s) {
			t.Errorf("IsStamp(%q) = true", s)
		}
	}
	for _, s := range []string{"Related", "34 Comments", "Leave a Reply", "Lesen Sie auch", "Читайте также", "More from Business"} {
		if !isSectionEnd(s) {
			t.Errorf("isSectionEnd(%q) = false", s)
		}
	}
	for _, s := range []string{"Related parties agreed on Monday to meet again.", "Comments made by the minister were criticised.",
		"Comments from residents", "More from the minister", "Recommended changes", "Related charges", "Up next for the council", "Discussion"} {
		if isSectionEnd(s) {
			t.Errorf("isSectionEnd(%q) = true", s)
		}
	}
}

func TestHeadlineOpeningWithAQuote(t *testing.T) {
	for _, title := range []string{"‘Count us out’: farmers reject the deal", "«Nous resterons» : les pêcheurs refusent", "\"We stay\": fishermen refuse to leave"} {
		r := Clean(title + "\n\nFarmers said on Monday they would not sign the agreement, which cuts subsidies by a fifth.")
		if r.Title != title || len(r.Paragraphs) != 1 {
			t.Errorf("title %q, paragraphs %q: want the quoted headline as the title", r.Title, r.Paragraphs)
		}
	}
}

// ferryPage opens the page copies of the tests below: a site's menu and
// an article's headline; ferryArticle is that article.
const ferryPage = "Home\n\nNews\n\nSport\n\nBusiness\n\nOpinion\n\nSign In\n\nFerry fares to rise by a fifth\n\n"

var ferryArticle = []string{
	"The ferry operator serving the islands off Kostrava said on Monday that fares would rise by a fifth from April, blaming the cost of fuel and a new port levy.",
	"The company carries about two million passengers a year on its four routes, most of them islanders travelling to work, school or hospital on the mainland.",
	"Island councils said they would ask the government to cap ferry fares for residents, as it did in 2019, and warned that young families would leave the islands.",
	"The port authority said the levy paid for new ferry berths that the operator itself had asked for, and that the fare rise went beyond its share of the cost.",
	"Passengers on the morning ferry from the islands on Monday said they had heard of the rise from the radio, and several said they would drive to the port less often.",
}

// A long comment thread outweighs the article it is on; it must not be
// taken for more of the article.
func TestLongCommentThreadIsNotArticle(t *testing.T) {
	var b strings.Builder
	b.WriteString(ferryPage)
	article := ferryArticle
	for _, p := range article {
		b.WriteString(p + "\n\n")
	}
	b.WriteString("45 Comments\n\n")
	for i, name := range []string{"islander22", "harbourwatch", "kostrava_local", "seadog", "jlm", "ferryfan"} {
		fmt.Fprintf(&b, "%s says:\n\nMarch %d, 2024 at 7:%02d am\n\n", name, 12, 10+i)
		b.WriteString("I have taken this ferry every weekday for eleven years and every year the boats are later, dirtier and dearer than the year before, while the company tells us it is losing money. Nobody on the islands believes a word of it any more, and the council should have acted long ago instead of writing letters. My daughter missed her exams last spring because the morning boat was cancelled twice in one week, and the company offered a voucher for a coffee. If fares go up again, half the people I know will move to the mainland and the islands will be left to holiday homes that stand empty all winter.\n\n")
	}
	b.WriteString("About Us\n\nContact\n\nPrivacy Policy\n")
	r := Clean(b.String())
	if len(r.Paragraphs) != len(article) {
		t.Fatalf("%d paragraphs, want the article's %d:\n%s", len(r.Paragraphs), len(article), strings.Join(r.Paragraphs, "\n"))
	}
}

func TestURLSplitByAStraySpace(t *testing.T) {
	body := "Port reopens\n\nCranes moved again at Kostrava on Wednesday after a three-week strike, the port authority said.\n\n"
	tests := []struct{ footer, want string }{
		{"Original url: https://harbour-times.example/business/2024/03/13/port-reopens", "https://harbour-times.example/business/2024/03/13/port-reopens"},
		{"Original url: https://harbour-times.example/ business/2024/03/13/port-reopens", "https://harbour-times.example/business/2024/03/13/port-reopens"},
		{"Original url: https://www.harbour-times. example/business/2024/port-reopens", "https://www.harbour-times.example/business/2024/port-reopens"},
		{"Original url: https://harbour-times.example/business/2024/03/13/port-reopens (archived)", "https://harbour-times.example/business/2024/03/13/port-reopens"},
	}
	for _, tt := range tests {
		if got := Clean(body + tt.footer).URL; got != tt.want {
			t.Errorf("footer %q: URL %q, want %q", tt.footer, got, tt.want)
		}
	}
}

// Past a section head, prose goes on being the article only while it is
// about the article: an inline "Related" box is crossed, a list of other
// articles' teasers with their summaries is not.
func TestProseAfterASectionHeadMustKeepTheTopic(t *testing.T) {
	var b strings.Builder
	b.WriteString(ferryPage)
	article := ferryArticle
	for _, p := range article[:3] {
		b.WriteString(p + "\n\n")
	}
	b.WriteString("Related\n\nBridge opens after four years\n\nMine inspections ordered\n\n")
	b.WriteString(article[3] + "\n\n" + article[4] + "\n\n")
	b.WriteString("Read next\n\n")
	for _, teaser := range []string{
		"Bank of Veldora holds rates\n\nThe central bank kept its main rate at 6.5 percent on Thursday, saying inflation had eased for a third month but remained well above its target of two percent.",
		"Timber exporters count the cost\n\nSawmills in the north say orders from abroad fell by a third in the spring, and that smaller firms may not survive another season of high energy prices.",
		"Election 2025: where the parties stand\n\nA guide to what each party promises on housing, rents and taxes, with the polls as they stood at the end of the campaign's second week in March.",
	} {
		b.WriteString(teaser + "\n\n")
	}
	b.WriteString("About Us\n\nContact\n\nPrivacy Policy\n")
	r := Clean(b.String())
	if strings.Join(r.Paragraphs, "\n") != strings.Join(article, "\n") {
		t.Errorf("paragraphs:\n%s\nwant the article's five:\n%s", strings.Join(r.Paragraphs, "\n"), strings.Join(article, "\n"))
	}
}

// Short sentences of a clean article in a script without capitals are
// prose, not page furniture.
func TestCleanArticleInAnUncasedScript(t *testing.T) {
	paras := []string{
		"افتتح رئيس البلدية يوم الجمعة جسرا جديدا فوق النهر بعد أربع سنوات من العمل في المشروع.",
		"قال إن الجسر سيختصر الطريق إلى الميناء.",
		"بلغت تكلفة المشروع أربعمئة مليون يورو.",
		"رحب السكان بالافتتاح.",
		"ستفتح الطرق المجاورة الأسبوع المقبل.",
		"لم يعلق المقاول على التأخير.",
	}
	r := Clean("افتتاح جسر جديد في المدينة\n\n" + strings.Join(paras, "\n\n"))
	if strings.Join(r.Paragraphs, "\n") != strings.Join(paras, "\n") {
		t.Errorf("paragraphs %q, want all %d", r.Paragraphs, len(paras))
	}
	if r.Title != "افتتاح جسر جديد في المدينة" {
		t.Errorf("title %q", r.Title)
	}
}

func TestTitlesThatAreNoStamps(t *testing.T) {
	for _, s := range []string{"9/11", "1984", "24 hours", "At 100", "A day at 100", "1,000 days", "2024 in review", "Top 10 of 2019"} {
		if IsStamp(s) {
			t.Errorf("IsStamp(%q) = true", s)
		}
	}
	for _, s := range []string{"08.03.2024 14:20", "Updated 2 hours ago", "March 2024", "Posted: 18 Nov 2019 8:11 pm"} {
		if !IsStamp(s) {
			t.Errorf("IsStamp(%q) = false", s)
		}
	}
}

// A writer's list (with its markers) ending a clean article is article.
func TestListEndingACleanArticle(t *testing.T) {
	text := "Bank of Veldora raises rates again\n\nBy Jane Roe\n\nThe Bank of Veldora raised its main interest rate by half a point to 6.5 percent on Thursday, its third increase this year.\n\nWhat the decision means:\n\n- Mortgage rates are expected to rise within weeks\n- Savers will see slightly better returns\n- Exporters fear a stronger crown\n- The next meeting is on September 19\n- Economists expect a pause in the autumn"
	r := Clean(text)
	if len(r.Paragraphs) != 7 {
		t.Errorf("%d paragraphs, want the lead, the list's head and its five items:\n%s", len(r.Paragraphs), strings.Join(r.Paragraphs, "\n"))
	}
	for _, rm := range r.Removed {
		if rm.Kind == "page" {
			t.Errorf("removed %q as page furniture", rm.Text)
		}
	}
}

// A line a site repeats on its pages is furniture, however much it reads
// like prose: on a page copy and in an article pasted without its page.
func TestSiteFurniture(t *testing.T) {
	promo := "Harbour Times journalism is funded by readers like you, and every subscription keeps our newsroom independent."
	repeated := func(line string) bool { return LineKey(line) == LineKey(promo) }
	page := ferryPage + ferryArticle[0] + "\n\n" + promo + "\n\n" + strings.Join(ferryArticle[1:], "\n\n") + "\n\nAbout Us\n\nContact\n\nPrivacy Policy\n\nTerms\n\nCookies\n"
	for name, text := range map[string]string{"page": page, "article": "Ferry fares to rise by a fifth\n\n" + ferryArticle[0] + "\n\n" + promo + "\n\n" + ferryArticle[1]} {
		if r := CleanWith(text, Options{}); !strings.Contains(strings.Join(r.Paragraphs, " "), promo) {
			t.Fatalf("%s: the promotion is removed without knowing the site repeats it: the test would not show the option's work", name)
		}
		r := CleanWith(text, Options{Furniture: repeated})
		if strings.Contains(strings.Join(r.Paragraphs, " "), promo) || !strings.HasPrefix(r.Paragraphs[0], "The ferry operator") {
			t.Errorf("%s: paragraphs %q: want the article without the site's promotion", name, r.Paragraphs)
		}
	}
	if LineKey("Subscribe now") != 0 || LineKey(promo) != LineKey(strings.ToUpper(promo)) {
		t.Error("LineKey: short lines have no key, and case does not matter")
	}
}
