package cluster

import (
	"os"
	"slices"
	"testing"

	"github.com/storywire/storywire/internal/eval/storyeval"
)

// TestECBDiagnostics measures how far the words alone separate the
// similar events of ECB+, outside the online clusterer: how often an
// article's nearest neighbour in the whole pile reports the same event,
// how close the nearest article of the sibling event comes, and what two
// batch clusterings reach on the same vectors. It shows where clustering
// loses (see docs/quality.md). Run with
//
//	STORYWIRE_DIAG=1 go test ./internal/cluster -run ECBDiagnostics -v
func TestECBDiagnostics(t *testing.T) {
	if os.Getenv("STORYWIRE_DIAG") != "1" {
		t.Skip("set STORYWIRE_DIAG=1 to run")
	}
	rs := ecbRecords(t)
	// Vectors with collection-wide document frequencies.
	c := New(Default())
	vs := make([]vec, len(rs))
	for i, r := range rs {
		v := c.vectorize(Doc{ID: r.ID, Title: r.Title, Text: r.Text})
		byID(v.tf)
		c.vocab.docs++
		c.vocab.logN = c.vocab.lg(c.vocab.docs)
		for _, x := range v.tf {
			c.vocab.df[x.t]++
		}
		vs[i] = v.tf
	}
	n := len(rs)
	sim := make([][]float64, n)
	for i := range sim {
		q := c.query(vs[i])
		sim[i] = make([]float64, n)
		for j := range sim[i] {
			sim[i][j] = q.cos(vs[j], c.vocab.norm(vs[j]))
		}
	}
	nearest := func(i int) int {
		b, bj := -1.0, -1
		for j := range sim[i] {
			if j != i && sim[i][j] > b {
				b, bj = sim[i][j], j
			}
		}
		return bj
	}
	right := 0
	var same, other []float64
	for i := range rs {
		if rs[nearest(i)].Event == rs[i].Event {
			right++
		}
		bs, bo := 0.0, 0.0
		for j := range rs {
			switch {
			case j == i || string(rs[j].Topic) != string(rs[i].Topic):
			case rs[j].Event == rs[i].Event:
				bs = max(bs, sim[i][j])
			default:
				bo = max(bo, sim[i][j])
			}
		}
		same, other = append(same, bs), append(other, bo)
	}
	t.Logf("nearest article reports the same event: %d of %d (%.1f%%)", right, n, 100*float64(right)/float64(n))
	// The words must keep separating the events article by article: a
	// change to terms or weights that loses this shows here first.
	if float64(right) < 0.95*float64(n) {
		t.Errorf("only %d of %d nearest neighbours report the same event, want at least 95%%", right, n)
	}
	slices.Sort(same)
	slices.Sort(other)
	for _, p := range []float64{0.1, 0.5, 0.9} {
		k := int(p * float64(n-1))
		t.Logf("percentile %.0f: nearest same-event article %.3f, nearest sibling-event article %.3f", 100*p, same[k], other[k])
	}
	score := func(label []int) (float64, float64, float64) {
		var p, r float64
		for i := range rs {
			var both, inCl, inEv float64
			for j := range rs {
				c, e := label[i] == label[j], rs[i].Event == rs[j].Event
				if c && e {
					both++
				}
				if c {
					inCl++
				}
				if e {
					inEv++
				}
			}
			p += both / inCl
			r += both / inEv
		}
		p, r = p/float64(n), r/float64(n)
		return p, r, 2 * p * r / (p + r)
	}
	// Batch 1: every article linked to its nearest neighbour, then
	// average-link merging of those groups down to a threshold.
	seed := make([]int, n)
	for i := range seed {
		seed[i] = i
	}
	find := func(x int) int {
		for seed[x] != x {
			x = seed[x]
		}
		return x
	}
	for i := range rs {
		seed[find(i)] = find(nearest(i))
	}
	for _, th := range []float64{0.20, 0.25, 0.30} {
		label := make([]int, n)
		sum := make([][]float64, n)
		size := make([]float64, n)
		for i := range label {
			label[i] = find(i)
		}
		for i := range rs {
			if sum[label[i]] == nil {
				sum[label[i]] = make([]float64, n)
			}
			size[label[i]]++
			for j := range rs {
				sum[label[i]][label[j]] += sim[i][j]
			}
		}
		for {
			bi, bj, best := -1, -1, -1.0
			for i := range sum {
				for j := i + 1; sum[i] != nil && j < n; j++ {
					if sum[j] != nil {
						if a := sum[i][j] / (size[i] * size[j]); a > best {
							best, bi, bj = a, i, j
						}
					}
				}
			}
			if best < th {
				break
			}
			for k := range sum {
				if sum[k] != nil {
					sum[bi][k] += sum[bj][k]
				}
			}
			for k := range sum {
				if sum[k] != nil {
					sum[k][bi] = sum[bi][k]
				}
			}
			size[bi] += size[bj]
			sum[bj] = nil
			for k := range label {
				if label[k] == bj {
					label[k] = bi
				}
			}
		}
		p, r, f := score(label)
		t.Logf("batch, nearest-neighbour groups merged by average link down to %.2f: B-cubed P %.3f R %.3f F1 %.3f", th, p, r, f)
	}
}

// ecbRecords reads the ECB+ development articles, skipping the test when
// the shared data is not there.
func ecbRecords(tb testing.TB) []storyeval.Article {
	tb.Helper()
	if _, err := os.Stat(storyeval.ECBDev); err != nil {
		tb.Skip("ECB+ data not found: ", err)
	}
	rs, err := storyeval.ReadArticles(storyeval.ECBDev)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}
