package app

import (
	"context"
	"slices"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Corrections name articles, not stories, so they survive re-clustering:
// "these two belong together" and "these two are apart". Each use case
// also moves the articles at once, in one transaction.

// Merge moves every article of story from into story into and returns how
// many moved.
func (a *App) Merge(ctx context.Context, into, from int64) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.storiesChanged()
	moved := 0
	err := a.st.Write(ctx, func(tx store.Tx) error {
		f, err := a.storyMembers(ctx, from)
		if err != nil {
			return err
		}
		in, err := a.storyMembers(ctx, into)
		if err != nil {
			return err
		}
		if in.id == f.id {
			return invalidf("story %d cannot be merged into itself", in.id)
		}
		for _, art := range f.articles {
			if err := a.correct(ctx, tx, model.CorrectionJoin, art, in.articles[0], in.id); err != nil {
				return err
			}
		}
		moved = len(f.articles)
		return nil
	})
	return moved, err
}

// Split moves the articles out of story id into a new story and returns
// its id.
func (a *App) Split(ctx context.Context, id int64, out []string) (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.storiesChanged()
	var next int64
	err := a.st.Write(ctx, func(tx store.Tx) error {
		s, err := a.storyMembers(ctx, id)
		if err != nil {
			return err
		}
		var rest []string
		for _, art := range s.articles {
			if !slices.Contains(out, art) {
				rest = append(rest, art)
			}
		}
		for _, art := range out {
			if !slices.Contains(s.articles, art) {
				return invalidf("article %s is not in story %d: see storywire story %d", art, s.id, s.id)
			}
		}
		if len(rest) == 0 {
			return invalidf("splitting every article out of story %d would leave it empty: name fewer articles", s.id)
		}
		if next, err = a.nextStoryID(ctx); err != nil {
			return err
		}
		for i, art := range out {
			if err := tx.AddCorrection(ctx, store.Correction{Kind: model.CorrectionApart, Article: art, Other: rest[0], Created: time.Now()}); err != nil {
				return err
			}
			other := out[0]
			if i == 0 {
				other = art
			}
			if err := a.correct(ctx, tx, model.CorrectionJoin, art, other, next); err != nil {
				return err
			}
		}
		return nil
	})
	return next, err
}

// Move moves an article into story into; moved is false when it was
// already there.
func (a *App) Move(ctx context.Context, art string, into int64) (moved bool, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.storiesChanged()
	err = a.st.Write(ctx, func(tx store.Tx) error {
		in, err := a.storyMembers(ctx, into)
		if err != nil {
			return err
		}
		as, ok, err := a.st.AssignmentOf(ctx, art)
		if err != nil {
			return err
		}
		if !ok {
			if _, err := a.Article(ctx, art); err != nil {
				return err
			}
		}
		if ok && as.Story == in.id {
			return nil
		}
		if ok {
			old, err := a.storyMembers(ctx, as.Story)
			if err != nil {
				return err
			}
			for _, o := range old.articles {
				if o != art {
					if err := tx.AddCorrection(ctx, store.Correction{Kind: model.CorrectionApart, Article: art, Other: o, Created: time.Now()}); err != nil {
						return err
					}
					break
				}
			}
		}
		moved = true
		return a.correct(ctx, tx, model.CorrectionJoin, art, in.articles[0], in.id)
	})
	return moved, err
}

type members struct {
	id       int64
	articles []string // oldest first
}

func (a *App) storyMembers(ctx context.Context, id int64) (members, error) {
	in, err := a.storyInputs(ctx, nil, id, noAnnotations) // only the members are needed, not their outlets' names
	if err != nil {
		return members{}, err
	}
	m := members{id: id}
	for _, x := range in {
		m.articles = append(m.articles, x.Article.ID)
	}
	return m, nil
}

// correct records that art belongs with other and moves it to story.
func (a *App) correct(ctx context.Context, tx store.Tx, kind model.CorrectionKind, art, other string, story int64) error {
	if art != other {
		if err := tx.AddCorrection(ctx, store.Correction{Kind: kind, Article: art, Other: other, Created: time.Now()}); err != nil {
			return err
		}
	}
	as, _, err := a.st.AssignmentOf(ctx, art)
	if err != nil {
		return err
	}
	// The clusterer's explanation is kept: why it was placed where it was.
	as.Article, as.Story, as.Reason, as.Seq = art, story, model.ReasonCorrection, 0
	return tx.Assign(ctx, as)
}

// nextStoryID is one more than the largest story id in use.
func (a *App) nextStoryID(ctx context.Context) (int64, error) {
	var max int64
	err := a.st.EachAssignment(ctx, func(as store.Assignment) error {
		if as.Story > max {
			max = as.Story
		}
		return nil
	})
	return max + 1, err
}
