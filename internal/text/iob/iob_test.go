package iob

import (
	"fmt"
	"strings"
	"testing"
)

func TestChunks(t *testing.T) {
	cases := []struct {
		tags string
		want string
	}{
		{"B-PER I-PER O B-LOC", "[{0 2 PER} {3 4 LOC}]"},
		{"I-PER I-PER O I-LOC", "[{0 2 PER} {3 4 LOC}]"},                    // IOB1
		{"I-PER B-PER O", "[{0 1 PER} {1 2 PER}]"},                          // IOB1: B splits two adjacent entities
		{"B-PER I-LOC I-LOC", "[{0 1 PER} {1 3 LOC}]"},                      // a type change starts a new chunk
		{"S-ORG B-MISC E-MISC I-MISC", "[{0 1 ORG} {1 3 MISC} {3 4 MISC}]"}, // IOBES
		{"O O", "[]"},
		{"", "[]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(Chunks(strings.Fields(c.tags))); got != c.want {
			t.Errorf("Chunks(%q) = %s, want %s", c.tags, got, c.want)
		}
	}
}
