package stories

import (
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// TestCopiesUnderTheirOriginal: a copy is listed under its original
// whichever comes first in the story's order (an inferred date can put a
// copy before the article it copies), as show reports it.
func TestCopiesUnderTheirOriginal(t *testing.T) {
	at := func(day int, src model.TimeSource) model.Published {
		return model.Published{Time: time.Date(2024, 7, day, 12, 0, 0, 0, time.UTC), Source: src, Reliability: model.Day}
	}
	in := []Input{
		{Article: model.Article{ID: "early-copy", Title: "Rates up", Text: "The bank raised rates.", CopyOf: "orig", Published: at(24, model.FromInferred)}},
		{Article: model.Article{ID: "orig", Title: "Bank raises rates", Text: "The bank raised rates.", Published: at(25, model.FromMetadata)}},
		{Article: model.Article{ID: "late-copy", Title: "Rates up again", Text: "The bank raised rates.", CopyOf: "orig", Published: at(26, model.FromMetadata)}},
		{Article: model.Article{ID: "other", Title: "Markets calm", Text: "Markets were calm.", Published: at(26, model.FromMetadata)}},
	}
	s := Build(1, in)
	if len(s.Articles) != 2 || s.Articles[0].ID != "orig" || s.Articles[1].ID != "other" {
		t.Fatalf("top-level articles: %+v", s.Articles)
	}
	var copies []string
	for _, c := range s.Articles[0].Copies {
		copies = append(copies, c.ID)
	}
	if len(copies) != 2 || copies[0] != "early-copy" || copies[1] != "late-copy" {
		t.Errorf("copies under the original: %v", copies)
	}
}
