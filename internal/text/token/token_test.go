package token

import (
	"strings"
	"testing"
)

func texts(ts []Token) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text)
	}
	return strings.Join(out, " | ")
}

func TestTokenize(t *testing.T) {
	cases := []struct{ in, want string }{
		{`U.S. Secretary of State Antony Blinken said on Tuesday.`, `U.S. | Secretary | of | State | Antony | Blinken | said | on | Tuesday | .`},
		{`"We won't go," Mr. Price told reporters.`, `" | We | wo | n't | go | , | " | Mr. | Price | told | reporters | .`},
		{`Russia's economy grew 1,200.5 billion ($3.4 bn), or 6.5%.`, `Russia | 's | economy | grew | 1,200.5 | billion | ( | $ | 3.4 | bn | ) | , | or | 6.5 | % | .`},
		{`Anglo-Dutch group (Shell) at 10:30 a.m.`, `Anglo-Dutch | group | ( | Shell | ) | at | 10:30 | a.m.`},
		{`J. Smith, Inc. — done!`, `J. | Smith | , | Inc. | — | done | !`},
		{`«Привет», сказал он.`, `« | Привет | » | , | сказал | он | .`},
	}
	for _, c := range cases {
		if got := texts(Tokenize(c.in)); got != c.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestOffsets(t *testing.T) {
	text := "  «Привет», Mr. O'Neil's 6.5%\n\nNext.  "
	for _, tok := range Tokenize(text) {
		if text[tok.Start:tok.End] != tok.Text {
			t.Errorf("token %q at [%d,%d) reads %q", tok.Text, tok.Start, tok.End, text[tok.Start:tok.End])
		}
	}
}

func TestSentences(t *testing.T) {
	text := `Defence Minister Sergei Shoigu arrived in Minsk on Monday. "Talks will go on," he said! Mr. J. Smith of the U.S. Navy disagreed.

A heading without a period
The next line.`
	ss := Sentences(text)
	var got []string
	for _, s := range ss {
		got = append(got, text[s.Start:s.End])
	}
	want := []string{
		"Defence Minister Sergei Shoigu arrived in Minsk on Monday.",
		`"Talks will go on," he said!`,
		"Mr. J. Smith of the U.S. Navy disagreed.",
		"A heading without a period\nThe next line.",
	}
	if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
		t.Errorf("sentences:\n%s\nwant:\n%s", strings.Join(got, "\n--\n"), strings.Join(want, "\n--\n"))
	}
}

func FuzzTokenize(f *testing.F) {
	f.Add(`"We won't," Mr. Price said. U.S. 6.5% $3.4bn`)
	f.Add("«Привет»\n\n…")
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, tok := range Tokenize(text) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) || text[tok.Start:tok.End] != tok.Text {
				t.Fatalf("bad token %+v in %q", tok, text)
			}
			prev = tok.End
		}
		n := 0
		for _, s := range Sentences(text) {
			n += len(s.Tokens)
		}
		if n != len(Tokenize(text)) {
			t.Fatalf("sentences hold %d tokens, text has %d", n, len(Tokenize(text)))
		}
	})
}

func BenchmarkSentences(b *testing.B) {
	text := strings.Repeat(`Defence Minister Sergei Shoigu arrived in Minsk on Monday. "Talks will go on," he said, adding that the U.S. offer of $3.4 billion (about 6.5% of GDP) wasn't enough. `, 40)
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		for _, s := range Sentences(text) {
			n += len(s.Tokens)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
}
