package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// writeFlood writes n press releases from one template with a narrow
// vocabulary, as a release mill publishes them: every one a near copy of
// every other.
func writeFlood(tb testing.TB, dir string, n int) {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	towns := []string{"Arlen", "Bexley", "Corran", "Dunmore", "Elsby", "Farrow", "Glenmore", "Harlow"}
	goods := []string{"solar panels", "water pumps", "roof tiles", "bike racks", "garden sheds", "heat pumps"}
	for i := range n {
		town, good := towns[r.IntN(len(towns))], goods[r.IntN(len(goods))]
		text := fmt.Sprintf("%s firm announces new %s line\n\n%s - A company based in %s today announced the launch of a new range of %s. "+
			"The company said it expects to sell %d units in the first year. \"We are proud to bring our %s to customers across the region,\" "+
			"the chief executive said. The new %s will be available from local dealers. For more information, contact the press office. Release number %d.\n",
			town, good, town, town, good, 10+r.IntN(900), good, good, i)
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%06d.txt", i)), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkIngestFlood ingests a templated flood whole, as `storywire
// ingest` does (analysis and clustering included), into a fresh store:
// the rate at 1k and 5k (and 20k, run alone) shows whether the cost per
// article stays flat as the near copies pile up.
func BenchmarkIngestFlood(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			dir := b.TempDir()
			writeFlood(b, dir, n)
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				a, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("s%d.db", i)))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				sum, err := a.Ingest(ctx, []string{dir}, IngestOptions{})
				b.StopTimer()
				a.Close()
				if err != nil || sum.Added+sum.Copies != n {
					b.Fatalf("stored %d of %d: %v", sum.Added+sum.Copies, n, err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkIngestLongText ingests one 20 MB "article" with no sentence
// break (a number dump) whole, as `storywire ingest` does; run it alone
// (-bench IngestLongText -benchtime 1x) to read the process's peak RSS.
func BenchmarkIngestLongText(b *testing.B) {
	dir := b.TempDir()
	var text strings.Builder
	text.WriteString("Table dump\n\n")
	r := rand.New(rand.NewPCG(3, 4))
	for text.Len() < 20<<20 {
		fmt.Fprintf(&text, "%d, ", r.IntN(1_000_000))
	}
	path := filepath.Join(dir, "dump.txt")
	if err := os.WriteFile(path, []byte(text.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		a, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("s%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		sum, err := a.Ingest(ctx, []string{path}, IngestOptions{MaxSize: 32 << 20})
		a.Close()
		if err != nil || sum.Added != 1 || len(sum.Warnings) != 1 {
			b.Fatalf("ingest: %+v %v", sum, err)
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}
