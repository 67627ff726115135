package timeml

import (
	"strings"
	"testing"
)

const doc = `<?xml version="1.0" ?><TimeML>
<DOCID>X</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3></DCT>
<TEXT>
The season <EVENT eid="e3">started</EVENT> about <TIMEX3 tid="t1" type="DURATION" value="P1M">a month</TIMEX3> early &amp; ended <TIMEX3 tid="t2" type="DATE" value="2013-03-21">Thursday</TIMEX3>.
</TEXT></TimeML>`

func TestRead(t *testing.T) {
	d, err := Read(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if d.DCT != "2013-03-22" || d.Created.Day() != 22 || len(d.Timexes) != 2 {
		t.Fatalf("%+v", d)
	}
	for _, x := range d.Timexes {
		if d.Text[x.Start:x.End] != x.Text {
			t.Errorf("offsets of %q wrong", x.Text)
		}
	}
	if d.Timexes[0].Text != "a month" || d.Timexes[1].Value != "2013-03-21" || !strings.Contains(d.Text, "early & ended") {
		t.Errorf("%+v %q", d.Timexes, d.Text)
	}
	if _, err := Read(strings.NewReader("<TimeML><TEXT>x</TEXT></TimeML>")); err == nil {
		t.Error("a document without a creation time was accepted")
	}
}

func TestScore(t *testing.T) {
	d, _ := Read(strings.NewReader(doc))
	a, b := d.Timexes[0], d.Timexes[1]
	var s Score
	s.Add(d, []Predicted{
		{Start: a.Start - 6, End: a.End, Type: "DURATION", Value: "P1M"}, // "about a month": relaxed only
		{Start: b.Start, End: b.End, Type: "DATE", Value: "2013-03-14"},  // strict, wrong value
		{Start: 0, End: 3, Type: "DATE", Value: "X"},                     // spurious
	})
	if s.Gold != 2 || s.System != 3 || s.Strict != 1 || s.Relaxed != 2 || s.TypeOK != 2 || s.ValueOK != 1 {
		t.Fatalf("%+v", s)
	}
	if p, r, _ := s.PRF(s.ValueOK); p < 33 || p > 34 || r != 50 {
		t.Errorf("value P/R %v %v", p, r)
	}
}

func TestReadDir(t *testing.T) {
	docs, err := ReadDir("../../../../shared/data/timex/te3-platinum")
	if err != nil {
		t.Skip(err)
	}
	n := 0
	for _, d := range docs {
		n += len(d.Timexes)
	}
	if len(docs) != 20 || n != 138 {
		t.Fatalf("%d documents, %d timexes; SOURCE.md says 20 and 138", len(docs), n)
	}
}
