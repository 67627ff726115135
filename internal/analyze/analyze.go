// Package analyze runs the per-article analysis stage: sentences and
// tokens, named entities, titles and roles, and the grouping of mentions
// into the article's own entities. It is pure (text in, annotations out)
// and safe for concurrent use, so the pipeline runs it on every core.
//
// The annotators live in the sub-packages: token, ner, entity, timex,
// quote, quantity.
package analyze

import (
	"fmt"
	"runtime"
	"time"
	"unicode"

	"github.com/storywire/storywire/internal/analyze/entity"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/analyze/quantity"
	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/analyze/timex"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/token"
)

// Analyzer analyses article texts with one tagging model.
type Analyzer struct {
	model *ner.Model
	// taggers are the idle taggers. Each holds scratch space and the
	// scores of the words it has met, worth more the longer it lives: a
	// sync.Pool empties at every other garbage collection, which on an
	// ingest is several times a second.
	taggers chan *ner.Tagger
	name    string
	now     func() time.Time
}

// New returns an analyzer using m.
func New(m *ner.Model) *Analyzer {
	return &Analyzer{model: m, name: "ner " + m.Info().Created, now: time.Now,
		taggers: make(chan *ner.Tagger, 2*runtime.GOMAXPROCS(0))}
}

// MaxAnalysedBytes bounds the text one article's analysis reads: a news
// article is a few tens of kilobytes, and a "text" many times that (a
// table dump, a log) would cost memory and time in proportion while
// telling nothing more. The rest is stored, not analysed, and the
// annotations say so (AnalysedBytes, Note).
const MaxAnalysedBytes = 256 << 10

// Analyze annotates an article's text. Time expressions are resolved
// against the publication time; when it is unknown, a publication date is
// inferred from the text (Annotations.Published) and used instead.
func (a *Analyzer) Analyze(text string, published model.Published) model.Annotations {
	whole := len(text)
	text = token.Head(text, MaxAnalysedBytes)
	ann := a.analyze(text, published)
	if len(text) < whole {
		ann.AnalysedBytes = len(text)
		note := fmt.Sprintf("only the first %d of %d bytes were analysed (the text is stored whole)", len(text), whole)
		if ann.Note != "" {
			note = ann.Note + "; " + note
		}
		ann.Note = note
	}
	return ann
}

func (a *Analyzer) analyze(text string, published model.Published) model.Annotations {
	// Tokenised once for all the stages.
	toks, sents := token.Split(text)
	ann := a.names(text, sents)
	if published.Known() {
		ann.Times = timex.FindIn(text, sents, published.Time)
	} else if !redate(text, sents, &ann, timex.Evidence{Now: a.now()}) {
		ann.Times = timex.FindIn(text, sents, time.Time{})
	}
	if ann.Times == nil {
		ann.Times = []model.TimeRef{}
	}
	ann.Quotes = quote.FindIn(text, toks, ann)
	ann.Quantities = quantity.Find(text)
	if ann.Quantities == nil {
		ann.Quantities = []model.Quantity{}
	}
	return ann
}

// Redate infers the publication date of an article that states none,
// from its text and ev, and resolves its time expressions against it,
// setting ann.Published and ann.Times. Analyze calls it with the text
// alone; a caller that learns more later (the stated date of the original
// an article copies, the dates of the story it joined) calls it again
// with that evidence. It returns false, leaving ann as it was, when no
// date can be inferred.
func Redate(text string, ann *model.Annotations, ev timex.Evidence) bool {
	return redate(text, token.Sentences(text), ann, ev)
}

// redate is Redate over the text's sentences.
func redate(text string, sents []token.Sentence, ann *model.Annotations, ev timex.Evidence) bool {
	inf, ok := timex.InferIn(text, sents, ev)
	if !ok {
		return false
	}
	anchor, err := time.Parse("2006-01-02", inf.Date)
	if err != nil {
		return false
	}
	ann.Published = &inf
	ann.Times = timex.FindIn(text, sents, anchor)
	for i := range ann.Times {
		if ann.Times[i].Anchor != "" {
			ann.Times[i].Anchor = inf.Date + " (inferred publication)"
		}
	}
	return true
}

// names finds the sentences, names and entities of a text, given its
// sentences.
func (a *Analyzer) names(text string, sents []token.Sentence) model.Annotations {
	ann := model.Annotations{Tagger: a.name}
	doc := make([][]string, len(sents))
	letters, latin := 0, 0
	for i, s := range sents {
		ann.Sentences = append(ann.Sentences, model.TextSpan{Start: s.Start, End: s.End})
		words := make([]string, len(s.Tokens))
		for k, t := range s.Tokens {
			words[k] = t.Text
			for _, r := range t.Text {
				if unicode.IsLetter(r) {
					letters++
					if r < 0x250 {
						latin++
					}
				}
			}
		}
		doc[i] = words
	}
	if letters > 0 && latin*2 < letters {
		ann.Note = fmt.Sprintf("names not tagged in most of the text: it is not in the Latin script, which the tagger does not cover (%d of %d letters are Latin)", latin, letters)
	}
	var t *ner.Tagger
	select {
	case t = <-a.taggers:
	default:
		t = a.model.NewTagger()
	}
	tags := t.TagDocument(doc)
	select {
	case a.taggers <- t:
	default: // enough idle ones
	}
	tagged := make([]entity.Sentence, len(sents))
	for i, s := range sents {
		tagged[i] = entity.Sentence{Tokens: s.Tokens, Tags: tags[i]}
	}
	ann.Mentions = entity.Mentions(text, tagged)
	ann.Entities = entity.Group(ann.Mentions)
	if ann.Mentions == nil {
		ann.Mentions = []model.Mention{}
	}
	if ann.Entities == nil {
		ann.Entities = []model.LocalEntity{}
	}
	return ann
}
