package ner

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/storywire/storywire/internal/text/token"
)

func builtinOrFail(t testing.TB) *Model {
	t.Helper()
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tagText tokenizes text into one document and tags it.
func tagText(t testing.TB, m *Model, text string) ([][]string, [][]string) {
	t.Helper()
	doc := fmtTokenize(text)
	tags := m.NewTagger().TagDocument(doc)
	checkTags(t, doc, tags)
	return doc, tags
}

// checkTags fails the test unless tags has one well-formed IOB2 tag per
// word.
func checkTags(t testing.TB, doc, tags [][]string) {
	t.Helper()
	if len(tags) != len(doc) {
		t.Fatalf("%d tag rows for %d sentences", len(tags), len(doc))
	}
	for s := range doc {
		if len(tags[s]) != len(doc[s]) {
			t.Fatalf("sentence %d: %d tags for %d words", s, len(tags[s]), len(doc[s]))
		}
		if err := iob2WellFormed(tags[s]); err != nil {
			t.Fatalf("sentence %d: %v", s, err)
		}
	}
}

// spans returns a document's entities as "TYPE:words".
func spans(doc, tags [][]string) []string {
	var out []string
	for s, words := range doc {
		for i := 0; i < len(words); {
			if !strings.HasPrefix(tags[s][i], "B-") {
				i++
				continue
			}
			typ := tags[s][i][2:]
			j := i + 1
			for j < len(words) && tags[s][j] == "I-"+typ {
				j++
			}
			out = append(out, typ+":"+strings.Join(words[i:j], " "))
			i = j
		}
	}
	return out
}

func tagged(doc, tags [][]string) string {
	var b strings.Builder
	for s := range doc {
		for i, w := range doc[s] {
			fmt.Fprintf(&b, "%s/%s ", w, tags[s][i])
		}
	}
	return strings.TrimSpace(b.String())
}

// TestBuiltinNews checks names next to titles: the title is not part of
// the person's name, and nationality adjectives are MISC.
func TestBuiltinNews(t *testing.T) {
	m := builtinOrFail(t)
	cases := []struct {
		text string
		// want lists every entity, in order; nil means check only
		// must and titles.
		want []string
		must []string
		// titles must not be inside any entity.
		titles []string
	}{
		{
			text:   "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday .",
			want:   []string{"MISC:German", "PER:Olaf Scholz", "MISC:French", "PER:Emmanuel Macron", "LOC:Berlin"},
			titles: []string{"Chancellor", "President", "Tuesday"},
		},
		{
			text:   "Defence Minister Sergei Shoigu said the troops would stay .",
			want:   []string{"PER:Sergei Shoigu"},
			titles: []string{"Defence", "Minister"},
		},
		{
			text:   "US Secretary of State Antony Blinken arrived on Monday .",
			must:   []string{"PER:Antony Blinken"},
			titles: []string{"Secretary", "of", "State"},
		},
		{
			text:   "NATO Secretary General Jens Stoltenberg said the alliance was united .",
			want:   []string{"ORG:NATO", "PER:Jens Stoltenberg"},
			titles: []string{"Secretary", "General"},
		},
	}
	for _, c := range cases {
		t.Run(strings.Join(strings.Fields(c.text)[:4], " "), func(t *testing.T) {
			doc, tags := tagText(t, m, c.text)
			got := spans(doc, tags)
			if c.want != nil && !slices.Equal(got, c.want) {
				t.Errorf("entities %q, want %q\n%s", got, c.want, tagged(doc, tags))
			}
			for _, w := range c.must {
				if !slices.Contains(got, w) {
					t.Errorf("entities %q lack %q\n%s", got, w, tagged(doc, tags))
				}
			}
			for _, title := range c.titles {
				for s, words := range doc {
					for i, w := range words {
						if w == title && tags[s][i] != "O" {
							t.Errorf("%q tagged %s, want O\n%s", w, tags[s][i], tagged(doc, tags))
						}
					}
				}
			}
		})
	}
}

// TestBuiltinCase checks that text all in lower or upper case is tagged
// without crashing and with well-formed tags.
func TestBuiltinCase(t *testing.T) {
	m := builtinOrFail(t)
	text := "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday. " +
		"Reuters reported that NATO Secretary General Jens Stoltenberg flew to New York with Microsoft executives. " +
		"\"We will not stop,\" said Ursula von der Leyen of the European Commission in Brussels."
	for _, variant := range []struct {
		name string
		text string
	}{
		{"lower", strings.ToLower(text)},
		{"upper", strings.ToUpper(text)},
		{"mixed document", text + "\n\n" + strings.ToUpper(text) + "\n\n" + strings.ToLower(text)},
	} {
		t.Run(variant.name, func(t *testing.T) {
			doc, tags := tagText(t, m, variant.text)
			if len(doc) < 3 {
				t.Fatalf("tokenized into %d sentences", len(doc))
			}
			t.Logf("%q", spans(doc, tags))
		})
	}
}

// TestBuiltinLongSentence tags a 50,000-character run of text with no full
// stop: one huge sentence.
func TestBuiltinLongSentence(t *testing.T) {
	m := builtinOrFail(t)
	parts := []string{"Angela Merkel", "visited", "Paris", "and", "London", ",", "while", "Siemens", "and", "the", "United Nations", "watched", "from", "New York", ","}
	var b strings.Builder
	for i := 0; b.Len() < 50000; i++ {
		b.WriteString(parts[i%len(parts)])
		b.WriteByte(' ')
	}
	text := b.String()[:50000]
	sents := token.Sentences(text)
	if len(sents) != 1 {
		t.Fatalf("%d sentences, want 1", len(sents))
	}
	doc, tags := tagText(t, m, text)
	if n := len(doc[0]); n < 5000 {
		t.Fatalf("only %d tokens", n)
	}
	got := spans(doc, tags)
	if len(got) == 0 {
		t.Errorf("no entities in a long run of names")
	}

	// One 50,000-character token, capitalised and not.
	for _, w := range []string{strings.Repeat("x", 50000), "X" + strings.Repeat("yz", 24999), strings.Repeat("Ab-", 16666) + "Cd"} {
		doc := [][]string{{"In", w, "today", "."}, {w}}
		tags := m.NewTagger().TagDocument(doc)
		checkTags(t, doc, tags)
	}
}

// TestBuiltinNonLatin checks that text in other scripts gets no entities:
// the model learned from English, and its guesses there would be noise.
func TestBuiltinNonLatin(t *testing.T) {
	m := builtinOrFail(t)
	for _, text := range []string{
		"Канцлер Германии Олаф Шольц встретился с президентом Франции Эмманюэлем Макроном в Берлине во вторник.",
		"Министр обороны Сергей Шойгу заявил, что НАТО и ООН обсудят ситуацию в Москве.",
		"德国总理朔尔茨周二在柏林会见了法国总统马克龙。北约秘书长斯托尔滕贝格表示联盟团结一致。",
		"德国 总理 朔尔茨 周二 在 柏林 会见 了 法国 总统 马克龙 。",
		"التقى المستشار الألماني أولاف شولتس بالرئيس الفرنسي إيمانويل ماكرون في برلين يوم الثلاثاء.",
		"Ο Γερμανός καγκελάριος Όλαφ Σολτς συναντήθηκε με τον Γάλλο πρόεδρο Εμανουέλ Μακρόν στο Βερολίνο.",
	} {
		doc, tags := tagText(t, m, text)
		if got := spans(doc, tags); len(got) != 0 {
			t.Errorf("entities %q in %q", got, text)
		}
	}
}

func TestBuiltinEmpty(t *testing.T) {
	m := builtinOrFail(t)
	tg := m.NewTagger()
	if got := tg.TagDocument(nil); len(got) != 0 {
		t.Errorf("TagDocument(nil) = %v", got)
	}
	if got := tg.TagDocument([][]string{}); len(got) != 0 {
		t.Errorf("TagDocument(empty) = %v", got)
	}
	if got := tg.TagDocument(fmtTokenize("   \n\n  ")); len(got) != 0 {
		t.Errorf("TagDocument(blank text) = %v", got)
	}
	got := tg.TagDocument([][]string{{}})
	if len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("TagDocument([[]]) = %v", got)
	}
	got = tg.TagDocument([][]string{nil, {}, nil})
	if len(got) != 3 || len(got[0])+len(got[1])+len(got[2]) != 0 {
		t.Errorf("TagDocument of three empty sentences = %v", got)
	}
	// Empty sentences between real ones change nothing.
	doc := fmtTokenize("Olaf Scholz met Emmanuel Macron in Berlin. Scholz said Macron agreed.")
	want := tg.TagDocument(doc)
	withGaps := [][]string{{}, doc[0], {}, {}, doc[1], {}}
	got = tg.TagDocument(withGaps)
	checkTags(t, withGaps, got)
	if !slices.Equal(got[1], want[0]) || !slices.Equal(got[4], want[1]) {
		t.Errorf("with empty sentences %v, without %v", got, want)
	}
	// Empty-string tokens are tokens: one tag each.
	odd := [][]string{{"", "Berlin", "", "."}}
	checkTags(t, odd, tg.TagDocument(odd))
}

// TestTaggerReuse checks that a tagger's scratch space and document
// history do not leak from one document to the next, and that taggers of
// one model can run concurrently.
func TestTaggerReuse(t *testing.T) {
	m := builtinOrFail(t)
	docs := fmtSampleDocs(t)
	long := fmtTokenize(strings.Repeat("Angela Merkel visited Paris and London , ", 300))
	want := make([][][]string, len(docs))
	for i, d := range docs {
		want[i] = m.NewTagger().TagDocument(d)
	}
	tg := m.NewTagger()
	for round := 0; round < 2; round++ {
		tg.TagDocument(long) // grows the scratch space
		for i, d := range docs {
			got := tg.TagDocument(d)
			for s := range got {
				if !slices.Equal(got[s], want[i][s]) {
					t.Errorf("round %d doc %d sentence %d: reused tagger %v, fresh %v", round, i, s, got[s], want[i][s])
				}
			}
		}
	}
	// The input is not modified.
	before := slices.Clone(docs[0][0])
	tg.TagDocument(docs[0])
	if !slices.Equal(before, docs[0][0]) {
		t.Errorf("TagDocument changed its input")
	}

	var wg sync.WaitGroup
	errs := make(chan string, 8*len(docs))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tg := m.NewTagger()
			for k := range docs {
				i := (k + g) % len(docs)
				got := tg.TagDocument(docs[i])
				for s := range got {
					if !slices.Equal(got[s], want[i][s]) {
						errs <- fmt.Sprintf("goroutine %d doc %d sentence %d: %v, want %v", g, i, s, got[s], want[i][s])
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestBuiltinDocumentHistory checks the document-level memory the tagger
// is built around: a surname first seen in a full name is a person when it
// comes back alone.
func TestBuiltinDocumentHistory(t *testing.T) {
	m := builtinOrFail(t)
	doc, tags := tagText(t, m, "Prime Minister Jane Fellbrook arrived in Madrid on Monday. Fellbrook said the talks went well.")
	got := spans(doc, tags)
	for _, w := range []string{"PER:Jane Fellbrook", "LOC:Madrid", "PER:Fellbrook"} {
		if !slices.Contains(got, w) {
			t.Errorf("entities %q lack %q\n%s", got, w, tagged(doc, tags))
		}
	}
}

// iob2WellFormed checks that every I-X follows B-X or I-X and that every
// tag is O, B-X or I-X.
func iob2WellFormed(tags []string) error {
	prev := "O"
	for i, tag := range tags {
		switch {
		case tag == "O":
		case strings.HasPrefix(tag, "B-") && len(tag) > 2:
		case strings.HasPrefix(tag, "I-") && len(tag) > 2:
			if prev == "O" || prev[2:] != tag[2:] {
				return fmt.Errorf("tag %d %q follows %q", i, tag, prev)
			}
		default:
			return fmt.Errorf("tag %d %q is not O, B-X or I-X", i, tag)
		}
		prev = tag
	}
	return nil
}
