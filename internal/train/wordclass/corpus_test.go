package wordclass

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/corpus/conll"
)

const (
	conllTrain = "/work/shared/data/ner/conll2003/train.txt"
	gmbCSV     = "/work/shared/data/ner/gmb/ner_dataset.csv"
)

// readGMB reads the sentences of the GMB ner_dataset.csv file.
func readGMB(t testing.TB, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("GMB data not available: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = 4
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // header
		t.Fatal(err)
	}
	var out [][]string
	var cur []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(rec[0], "Sentence:") && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, rec[1])
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// TestRealCorpus trains on CoNLL-2003 train + GMB and logs the time, the
// vocabulary size and the classes of a few words. It runs only when
// WORDCLASS_CORPUS=1 is set (and not with -short):
//
//	WORDCLASS_CORPUS=1 go test -run RealCorpus -v -timeout 30m ./internal/train/wordclass/
//
// WORDCLASS_MINCOUNT and WORDCLASS_CLASSES (e.g. "64,256,1024") override
// the defaults.
func TestRealCorpus(t *testing.T) {
	if testing.Short() || os.Getenv("WORDCLASS_CORPUS") != "1" {
		t.Skip("set WORDCLASS_CORPUS=1 to train on CoNLL-2003 train + GMB")
	}
	cs, err := conll.ReadFile(conllTrain)
	if err != nil {
		t.Skipf("CoNLL data not available: %v", err)
	}
	var sents [][]string
	for _, s := range cs {
		sents = append(sents, s.Words())
	}
	sents = append(sents, readGMB(t, gmbCSV)...)
	tokens := 0
	for _, s := range sents {
		tokens += len(s)
	}
	t.Logf("%d sentences, %d tokens", len(sents), tokens)

	opt := Options{Progress: func(s string) { t.Log(s) }}
	if v := os.Getenv("WORDCLASS_MINCOUNT"); v != "" {
		opt.MinCount = atoi(t, v)
	}
	if v := os.Getenv("WORDCLASS_CLASSES"); v != "" {
		for _, f := range strings.Split(v, ",") {
			opt.Classes = append(opt.Classes, atoi(t, f))
		}
	}
	start := time.Now()
	m, err := Train(sents, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %s: %d words clustered (MinCount %d), levels %v",
		time.Since(start).Round(time.Millisecond), m.Len(), m.MinCount(), m.Levels())

	var buf strings.Builder
	n, err := m.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("model file: %d bytes", n)

	for _, w := range []string{"Monday", "Germany", "Clinton", "Reuters", "percent", "bank", "Bank", "said", "1996", "London", "Inc"} {
		cl, ok := m.Lookup(w)
		if !ok {
			t.Logf("%q: not clustered", w)
			continue
		}
		for l, c := range cl {
			mem := m.Members(l, c)
			size := len(mem)
			if len(mem) > 25 {
				mem = mem[:25]
			}
			t.Logf("%q K=%d class %d (%d words): %s", w, m.levels[l], c, size, strings.Join(mem, " "))
		}
	}
}

func atoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
