package langeval

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// Detector names a detection function: an ISO 639-1 code, or "" for no
// answer (which counts as wrong).
type Detector struct {
	Name   string
	Detect func(text string) string
}

// Result is a detector's accuracy on a set.
type Result struct {
	Name string
	// Correct and Total count samples per language, short [0] and long [1].
	Correct, Total map[string]*[2]int
	// Confused counts wrong answers, by gold language, then answer.
	Confused map[string]map[string]int
	Took     time.Duration
}

// Score runs a detector on every sample.
func Score(d Detector, samples []Sample) Result {
	r := Result{Name: d.Name, Correct: map[string]*[2]int{}, Total: map[string]*[2]int{}, Confused: map[string]map[string]int{}}
	start := time.Now()
	for _, s := range samples {
		got := d.Detect(s.Text)
		if r.Total[s.Lang] == nil {
			r.Total[s.Lang], r.Correct[s.Lang] = new([2]int), new([2]int)
		}
		k := 0
		if s.Long {
			k = 1
		}
		r.Total[s.Lang][k]++
		if got == s.Lang {
			r.Correct[s.Lang][k]++
			continue
		}
		if r.Confused[s.Lang] == nil {
			r.Confused[s.Lang] = map[string]int{}
		}
		r.Confused[s.Lang][got]++
	}
	r.Took = time.Since(start)
	return r
}

// Accuracy returns the share of a language's samples of one length (0
// short, 1 long) that were right, or -1 when there are none.
func (r Result) Accuracy(lang string, long int) float64 {
	t := r.Total[lang]
	if t == nil || t[long] == 0 {
		return -1
	}
	return float64(r.Correct[lang][long]) / float64(t[long])
}

// Macro returns the mean of the per-language accuracies of one length, the
// languages with no samples of it left out, and how many were averaged.
func (r Result) Macro(long int) (float64, int) {
	sum, n := 0.0, 0
	for lang := range r.Total {
		if a := r.Accuracy(lang, long); a >= 0 {
			sum += a
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return sum / float64(n), n
}

// PrintTable writes one row per language, each detector's short and long
// accuracy side by side, then the macro-averages and sample counts.
func PrintTable(w io.Writer, results []Result) {
	var langs []string
	for lang := range results[0].Total {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "lang\tshort n\tlong n\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s short\t%s long\t", r.Name, r.Name)
	}
	fmt.Fprintln(tw)
	pct := func(a float64) string {
		if a < 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f", 100*a)
	}
	totals := [2]int{}
	for _, lang := range langs {
		t := results[0].Total[lang]
		totals[0] += t[0]
		totals[1] += t[1]
		fmt.Fprintf(tw, "%s\t%d\t%d\t", lang, t[0], t[1])
		for _, r := range results {
			fmt.Fprintf(tw, "%s\t%s\t", pct(r.Accuracy(lang, 0)), pct(r.Accuracy(lang, 1)))
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintf(tw, "macro\t%d\t%d\t", totals[0], totals[1])
	for _, r := range results {
		s, _ := r.Macro(0)
		l, _ := r.Macro(1)
		fmt.Fprintf(tw, "%s\t%s\t", pct(s), pct(l))
	}
	fmt.Fprintln(tw)
	tw.Flush()
	for _, r := range results {
		n := totals[0] + totals[1]
		fmt.Fprintf(w, "%s: %d texts in %v (%.1f µs a text)\n", r.Name, n, r.Took.Round(time.Millisecond), float64(r.Took.Microseconds())/float64(max(n, 1)))
	}
}
