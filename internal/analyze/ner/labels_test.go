package ner

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// lbl parses "O" or "B-PER", "I-PER", "L-PER", "U-PER" into a label id of
// ls, failing the test on an unknown label.
func lbl(t *testing.T, ls labelSet, name string) int {
	t.Helper()
	for id, n := range ls.names {
		if n == name {
			return id
		}
	}
	t.Fatalf("no label %q in %v", name, ls.names)
	return -1
}

func lblNames(ls labelSet, ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = ls.names[id]
	}
	return out
}

func TestLabelSetLayout(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG", "LOC", "MISC"})
	if ls.n() != 17 {
		t.Fatalf("n() = %d, want 17", ls.n())
	}
	if ls.names[0] != "O" {
		t.Fatalf("label 0 = %q, want O", ls.names[0])
	}
	for ti, typ := range ls.types {
		for _, p := range []byte("BILU") {
			id := ls.label(p, ti)
			if want := string(p) + "-" + typ; ls.names[id] != want {
				t.Errorf("label(%c, %d) = %d (%q), want %q", p, ti, id, ls.names[id], want)
			}
			gp, gt := ls.parts(id)
			if gp != p || gt != ti {
				t.Errorf("parts(%d) = (%c, %d), want (%c, %d)", id, gp, gt, p, ti)
			}
		}
	}
	if p, ti := ls.parts(0); p != 'O' || ti != -1 {
		t.Errorf("parts(0) = (%c, %d), want (O, -1)", p, ti)
	}
	if ls.typeIndex("LOC") != 2 || ls.typeIndex("FOO") != -1 || ls.typeIndex("") != -1 {
		t.Errorf("typeIndex: LOC=%d FOO=%d empty=%d", ls.typeIndex("LOC"), ls.typeIndex("FOO"), ls.typeIndex(""))
	}
	// newLabelSet must copy its argument.
	types := []string{"A", "B"}
	ls2 := newLabelSet(types)
	types[0] = "Z"
	if ls2.types[0] != "A" {
		t.Errorf("newLabelSet shares the caller's slice")
	}
}

func TestFromIOB(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG", "LOC", "MISC"})
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"all O", "O O O", "O O O"},
		{"empty tag is O", "O  B-PER", "O O U-PER"}, // strings.Fields drops it; see below
		{"IOB2 unit", "B-PER", "U-PER"},
		{"IOB2 two", "B-PER I-PER", "B-PER L-PER"},
		{"IOB2 three", "B-ORG I-ORG I-ORG O", "B-ORG I-ORG L-ORG O"},
		{"IOB2 adjacent same type", "B-PER B-PER I-PER", "U-PER B-PER L-PER"},
		{"IOB2 adjacent other type", "B-PER I-PER B-ORG", "B-PER L-PER U-ORG"},
		{"IOB1 unit", "I-LOC", "U-LOC"},
		{"IOB1 two", "O I-PER I-PER O", "O B-PER L-PER O"},
		{"IOB1 B splits same type", "I-PER I-PER B-PER I-PER", "B-PER L-PER B-PER L-PER"},
		{"IOB1 type change splits", "I-PER I-ORG", "U-PER U-ORG"},
		{"IOB1 after O", "I-MISC O I-MISC", "U-MISC O U-MISC"},
		{"unknown type is O", "B-DATE I-DATE O B-PER", "O O O U-PER"},
		{"unknown type IOB1", "I-DATE I-DATE", "O O"},
		{"unknown between known", "B-PER I-FOO I-PER", "U-PER O U-PER"},
		{"lower-case type unknown", "B-per I-per", "O O"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := strings.Fields(c.in)
			if c.name == "empty tag is O" {
				in = []string{"O", "", "B-PER"}
			}
			ids, err := ls.fromIOB(in)
			if err != nil {
				t.Fatalf("fromIOB(%q): %v", in, err)
			}
			want := strings.Fields(c.want)
			if got := lblNames(ls, ids); !slices.Equal(got, want) {
				t.Errorf("fromIOB(%q) = %v, want %v", in, got, want)
			}
		})
	}
}

func TestFromIOBErrors(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG"})
	for _, in := range [][]string{
		{"PER"},
		{"O", "X-PER"},
		{"B_PER"},
		{"E-PER"},
		{"L-PER"},
		{"U-PER"},
		{"b-PER"},
		{"B-PER", "I-PER", "S-PER"},
		{"-PER"},
	} {
		ids, err := ls.fromIOB(in)
		if err == nil {
			t.Errorf("fromIOB(%q) = %v, want an error", in, ids)
			continue
		}
		// The error names the bad tag and its (1-based) position.
		bad := in[len(in)-1]
		if !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) || !strings.Contains(err.Error(), fmt.Sprintf("token %d", len(in))) {
			t.Errorf("fromIOB(%q) error %q does not name tag %q at token %d", in, err, bad, len(in))
		}
	}
}

// TestFromIOBEmptyType documents tags whose type is empty ("B-", "I-"):
// they must be rejected or read as O, never crash or glue tokens onto an
// earlier chunk.
func TestFromIOBEmptyType(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG"})
	for _, in := range [][]string{
		{"B-"},
		{"I-"},
		{"O", "I-"},
		{"B-PER", "O", "I-"},
		{"B-PER", "I-"},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("fromIOB(%q) panicked: %v", in, r)
				}
			}()
			ids, err := ls.fromIOB(in)
			if err != nil {
				return // rejecting is fine
			}
			// Accepted: the empty-type tokens must be O, and the tokens
			// before them keep the labels they have on their own.
			alone, err := ls.fromIOB(slices.Clone(in[:len(in)-1]))
			if err != nil {
				t.Fatal(err)
			}
			if got := ids[len(ids)-1]; got != 0 {
				t.Errorf("fromIOB(%q): empty-type tag read as %s, want O or an error", in, ls.names[got])
			}
			if !slices.Equal(ids[:len(ids)-1], alone) {
				t.Errorf("fromIOB(%q) = %v: the empty-type tag changed the labels before it (alone: %v)", in, lblNames(ls, ids), lblNames(ls, alone))
			}
		}()
	}
}

func TestToIOB2(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG", "LOC", "MISC"})
	cases := []struct{ in, want string }{
		{"", ""},
		{"O O", "O O"},
		{"U-PER", "B-PER"},
		{"B-PER L-PER", "B-PER I-PER"},
		{"B-ORG I-ORG I-ORG L-ORG O U-LOC", "B-ORG I-ORG I-ORG I-ORG O B-LOC"},
		{"U-MISC U-MISC", "B-MISC B-MISC"},
		{"B-PER L-PER B-PER L-PER", "B-PER I-PER B-PER I-PER"},
	}
	for _, c := range cases {
		var ids []int
		for _, n := range strings.Fields(c.in) {
			ids = append(ids, lbl(t, ls, n))
		}
		got := ls.toIOB2(ids)
		if want := strings.Fields(c.want); !slices.Equal(got, want) || len(got) != len(ids) {
			t.Errorf("toIOB2(%s) = %v, want %v", c.in, got, want)
		}
	}
}

// TestIOBRoundTrip checks that IOB2 -> BILOU -> IOB2 is the identity, and
// that IOB1 input comes back as the IOB2 spelling of the same chunks.
func TestIOBRoundTrip(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG", "LOC", "MISC"})
	iob2 := []string{
		"O",
		"B-PER I-PER O B-LOC",
		"B-PER B-PER I-PER I-PER B-ORG O O B-MISC I-MISC",
		"B-LOC B-LOC B-LOC",
		"O O O B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG I-ORG",
	}
	for _, s := range iob2 {
		in := strings.Fields(s)
		ids, err := ls.fromIOB(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := ls.toIOB2(ids); !slices.Equal(got, in) {
			t.Errorf("IOB2 round trip of %v = %v", in, got)
		}
		if !labelsWellFormed(ls, ids) {
			t.Errorf("fromIOB(%v) = %v is not a well-formed BILOU sequence", in, lblNames(ls, ids))
		}
	}
	iob1 := []struct{ in, want string }{
		{"I-PER I-PER O I-LOC", "B-PER I-PER O B-LOC"},
		{"I-PER B-PER I-ORG", "B-PER B-PER B-ORG"},
		{"O I-MISC I-MISC B-MISC", "O B-MISC I-MISC B-MISC"},
	}
	for _, c := range iob1 {
		ids, err := ls.fromIOB(strings.Fields(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := ls.toIOB2(ids); !slices.Equal(got, strings.Fields(c.want)) {
			t.Errorf("IOB1 %s -> IOB2 %v, want %s", c.in, got, c.want)
		}
	}

	// Exhaustively: every well-formed BILOU sequence over two types up to
	// length 5 survives BILOU -> IOB2 -> BILOU.
	small := newLabelSet([]string{"A", "B"})
	var walk func(seq []int)
	count := 0
	walk = func(seq []int) {
		if len(seq) > 0 && small.allowedEnd(seq[len(seq)-1]) {
			count++
			back, err := small.fromIOB(small.toIOB2(seq))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(back, seq) {
				t.Errorf("BILOU round trip of %v = %v", lblNames(small, seq), lblNames(small, back))
			}
		}
		if len(seq) == 5 {
			return
		}
		prev := -1
		if len(seq) > 0 {
			prev = seq[len(seq)-1]
		}
		for l := 0; l < small.n(); l++ {
			if small.allowed(prev, l) {
				walk(append(slices.Clone(seq), l))
			}
		}
	}
	walk(nil)
	if count < 100 {
		t.Errorf("only %d sequences enumerated", count)
	}
}

// labelsWellFormed reports whether ids is a sequence allowed() and
// allowedEnd() accept.
func labelsWellFormed(ls labelSet, ids []int) bool {
	prev := -1
	for _, id := range ids {
		if !ls.allowed(prev, id) {
			return false
		}
		prev = id
	}
	return len(ids) == 0 || ls.allowedEnd(prev)
}

func TestAllowed(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG"})
	id := func(n string) int {
		if n == "^" {
			return -1
		}
		return lbl(t, ls, n)
	}
	cases := []struct {
		prev, cur string
		want      bool
	}{
		// At the start of a sentence.
		{"^", "O", true},
		{"^", "B-PER", true},
		{"^", "U-ORG", true},
		{"^", "I-PER", false},
		{"^", "L-PER", false},
		// After O.
		{"O", "O", true},
		{"O", "B-ORG", true},
		{"O", "U-PER", true},
		{"O", "I-PER", false},
		{"O", "L-ORG", false},
		// Inside an open chunk only I or L of the same type may follow.
		{"B-PER", "I-PER", true},
		{"B-PER", "L-PER", true},
		{"B-PER", "I-ORG", false},
		{"B-PER", "L-ORG", false},
		{"B-PER", "O", false},
		{"B-PER", "B-PER", false},
		{"B-PER", "U-PER", false},
		{"B-PER", "U-ORG", false},
		{"I-ORG", "I-ORG", true},
		{"I-ORG", "L-ORG", true},
		{"I-ORG", "L-PER", false},
		{"I-ORG", "O", false},
		{"I-ORG", "B-ORG", false},
		// After a closed chunk (L, U) a new one, or O, may start.
		{"L-PER", "O", true},
		{"L-PER", "B-PER", true},
		{"L-PER", "U-ORG", true},
		{"L-PER", "I-PER", false},
		{"L-PER", "L-PER", false},
		{"U-PER", "U-PER", true},
		{"U-PER", "B-ORG", true},
		{"U-PER", "O", true},
		{"U-PER", "I-PER", false},
		{"U-PER", "L-PER", false},
	}
	for _, c := range cases {
		if got := ls.allowed(id(c.prev), id(c.cur)); got != c.want {
			t.Errorf("allowed(%s, %s) = %v, want %v", c.prev, c.cur, got, c.want)
		}
	}
	for _, c := range []struct {
		l    string
		want bool
	}{{"O", true}, {"U-PER", true}, {"L-ORG", true}, {"B-PER", false}, {"I-ORG", false}} {
		if got := ls.allowedEnd(id(c.l)); got != c.want {
			t.Errorf("allowedEnd(%s) = %v, want %v", c.l, got, c.want)
		}
	}
}

// TestBestRespectsTransitions checks that best never picks a label the
// transition rules forbid, even when that label scores highest, and that
// it picks the highest-scoring allowed one.
func TestBestRespectsTransitions(t *testing.T) {
	ls := newLabelSet([]string{"PER", "ORG", "LOC"})
	scores := make([]float32, ls.n())
	for prev := -1; prev < ls.n(); prev++ {
		for top := 0; top < ls.n(); top++ {
			for _, last := range []bool{false, true} {
				for l := range scores {
					scores[l] = float32(l) * 0.01 // small, distinct
				}
				scores[top] = 100
				got := ls.best(scores, prev, last)
				if !ls.allowed(prev, got) || (last && !ls.allowedEnd(got)) {
					t.Fatalf("best(prev=%d, top=%s, last=%v) = %s: not allowed", prev, ls.names[top], last, ls.names[got])
				}
				okTop := ls.allowed(prev, top) && (!last || ls.allowedEnd(top))
				if okTop && got != top {
					t.Errorf("best(prev=%d, last=%v) = %s, want the allowed top label %s", prev, last, ls.names[got], ls.names[top])
				}
				if !okTop {
					// The best allowed label is the highest-numbered
					// allowed one other than top.
					want := -1
					for l := ls.n() - 1; l >= 0; l-- {
						if l != top && ls.allowed(prev, l) && (!last || ls.allowedEnd(l)) {
							want = l
							break
						}
					}
					if got != want {
						t.Errorf("best(prev=%d, top=%s, last=%v) = %s, want %s", prev, ls.names[top], last, ls.names[got], ls.names[want])
					}
				}
			}
		}
	}
}
