package dates

import (
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

func TestParse(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t.UTC()
	}
	tests := []struct {
		in      string
		want    time.Time
		rel     model.Reliability
		hasZone bool
		offset  int
	}{
		{"2024-03-12T09:30:00+02:00", utc("2024-03-12T07:30:00Z"), model.Exact, true, 7200},
		{"2024-03-12T09:30:00.123Z", utc("2024-03-12T09:30:00.123Z"), model.Exact, true, 0},
		{"2024-03-12T09:30:00", utc("2024-03-12T09:30:00Z"), model.Exact, false, 0},
		{"2024-03-12 09:30:00", utc("2024-03-12T09:30:00Z"), model.Exact, false, 0},
		{"2024-03-12", utc("2024-03-12T00:00:00Z"), model.Day, false, 0},
		{"Tue, 12 Mar 2024 09:30:00 GMT", utc("2024-03-12T09:30:00Z"), model.Exact, true, 0},
		{"Tue, 12 Mar 2024 09:30:00 +0100", utc("2024-03-12T08:30:00Z"), model.Exact, true, 3600},
		{"Tue, 2 Apr 2024 09:30:00 -0500", utc("2024-04-02T14:30:00Z"), model.Exact, true, -18000},
		{"March 3, 2024", utc("2024-03-03T00:00:00Z"), model.Day, false, 0},
		{"Mar. 3, 2024", utc("2024-03-03T00:00:00Z"), model.Day, false, 0},
		{"Sept. 3, 2024", utc("2024-09-03T00:00:00Z"), model.Day, false, 0},
		{"3 March 2024", utc("2024-03-03T00:00:00Z"), model.Day, false, 0},
		{"Monday, 4 March 2024", utc("2024-03-04T00:00:00Z"), model.Day, false, 0},
		{"March 3rd, 2024", utc("2024-03-03T00:00:00Z"), model.Day, false, 0},
		{"Thu Feb 8, 2018 9:40AM", utc("2018-02-08T09:40:00Z"), model.Exact, false, 0},
		{"Thu Feb 8, 2018 9:40AM EST", utc("2018-02-08T14:40:00Z"), model.Exact, true, -18000},
		{"February 8, 2018 / 9:40 AM", utc("2018-02-08T09:40:00Z"), model.Exact, false, 0},
		{"February 8, 2018 9:40 p.m. GMT", utc("2018-02-08T21:40:00Z"), model.Exact, true, 0},
		{"12 March 2024 09:30 GMT", utc("2024-03-12T09:30:00Z"), model.Exact, true, 0},
		{"2024/03/12", utc("2024-03-12T00:00:00Z"), model.Day, false, 0},
		{"1710235800", utc("2024-03-12T09:30:00Z"), model.Exact, true, 0},
		{"12.03.2024", utc("2024-03-12T00:00:00Z"), model.Day, false, 0},
		{"7 février 2025", utc("2025-02-07T00:00:00Z"), model.Day, false, 0},
		{"22 ноября 2024 года", utc("2024-11-22T00:00:00Z"), model.Day, false, 0},
		{"3. März 2024", utc("2024-03-03T00:00:00Z"), model.Day, false, 0},
	}
	for _, tt := range tests {
		p, ok := Parse(tt.in)
		if !ok {
			t.Errorf("Parse(%q): not read", tt.in)
			continue
		}
		if !p.Time.Equal(tt.want) || p.Reliability != tt.rel || p.HasZone != tt.hasZone || p.Offset != tt.offset {
			t.Errorf("Parse(%q) = %v %s zone=%v off=%d, want %v %s zone=%v off=%d",
				tt.in, p.Time, p.Reliability, p.HasZone, p.Offset, tt.want, tt.rel, tt.hasZone, tt.offset)
		}
		if p.Time.Location() != time.UTC {
			t.Errorf("Parse(%q): time not in UTC", tt.in)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "yesterday", "2 hours ago", "March 3", "1850-01-01", "3024-01-01",
		"2024-13-01", "2024-02-30", "not a date at all", "12345"} {
		if p, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %v, want no date", in, p.Time)
		}
	}
}

func TestFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://news.example/2024/03/05/talks-off", "2024-03-05"},
		{"https://news.example/world/2024-03-05-talks-off.html", "2024-03-05"},
		{"https://news.example/20240305/talks", "2024-03-05"},
		{"https://news.example/2024/mar/05/talks", "2024-03-05"},
		{"https://news.example/2024/02/31/x", ""},
		{"https://news.example/world/talks?d=2024/03/05", ""},
		{"https://news.example/id/1234567", ""},
	}
	for _, tt := range tests {
		p, ok := FromURL(tt.in)
		got := ""
		if ok {
			got = p.Time.Format("2006-01-02")
			if p.Reliability != model.Day {
				t.Errorf("FromURL(%q): reliability %s", tt.in, p.Reliability)
			}
		}
		if got != tt.want {
			t.Errorf("FromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-03-12T09:30:00+02:00", "Thu Feb 8, 2018 9:40AM EST", "March 3rd, 2024", "1710235800"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := Parse(s)
		if ok && (p.Time.Location() != time.UTC || (p.Reliability != model.Exact && p.Reliability != model.Day)) {
			t.Fatalf("Parse(%q) = %+v", s, p)
		}
		FromURL(s)
	})
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("Thu Feb 8, 2018 9:40AM EST")
		Parse("2024-03-12T09:30:00+02:00")
	}
}
