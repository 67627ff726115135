package app

import (
	"context"
	"sort"
	"time"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// StoryEntry is a listed story: the store's summary and its view (whole
// or only its head, see Stories).
type StoryEntry struct {
	Summary store.StorySummary
	View    stories.Story
}

// StoriesOptions select stories to list.
type StoriesOptions struct {
	Filter store.StoryFilter
	// Entity, when set, keeps the stories naming this entity (an ID or a
	// name, as FindEntity takes).
	Entity string
	// Whole builds each story's whole view (annotations read); otherwise
	// only what its articles give (title, dates, outlets).
	Whole bool
}

// Stories lists stories. The listing and the heads come from memory
// while the stories have not changed (see storyCache): changes made
// through this App show at once, those of another process within two
// seconds.
func (a *App) Stories(ctx context.Context, o StoriesOptions) ([]StoryEntry, error) {
	f := o.Filter
	if o.Entity != "" {
		e, err := a.FindEntity(ctx, o.Entity)
		if err != nil {
			return nil, err
		}
		f.Entity = e.ID
	}
	list, err := a.views.listing(ctx, f, func() ([]store.StorySummary, error) { return a.st.Stories(ctx, f) })
	if err != nil {
		return nil, err
	}
	return a.storyEntries(ctx, list, o.Whole)
}

// StoryView builds one story's whole view, with its related stories'
// titles. A view is kept in memory (see storyCache) until this App
// changes the stories, and for two seconds at most, so that changes by
// another process (to this story, a related one, or an outlet's name)
// show within them; what it returns is shared: read-only.
func (a *App) StoryView(ctx context.Context, id int64) (stories.Story, error) {
	if v, ok := a.views.view(id); ok {
		return v, nil
	}
	gen, at := a.views.begin() // before anything is read
	dir, dirAt, err := a.directory(ctx)
	if err != nil {
		return stories.Story{}, err
	}
	// The view is as old as the oldest thing it was built from.
	if dirAt.Before(at) {
		at = dirAt
	}
	v, err := a.storyView(ctx, dir, id, &relatedTitles{gen: gen, at: at})
	if err != nil {
		return v, err
	}
	a.views.putView(id, gen, at, v)
	return v, nil
}

// relatedTitles looks up the related stories' titles of a view built in
// generation gen, from the cache (storyCache.title) when it can; at
// becomes the oldest read of what it used.
type relatedTitles struct {
	gen   uint64
	at    time.Time
	terms cluster.TermVectors // shared by the titles: related stories share words
}

// relatedTitle is the title of story id, related to the view rt is for;
// ok is false when it cannot be built (the story has no article left,
// say).
func (a *App) relatedTitle(ctx context.Context, rt *relatedTitles, id int64) (string, bool) {
	if t, at, ok := a.views.title(id); ok {
		if at.Before(rt.at) {
			rt.at = at
		}
		return t, true
	}
	at := rt.at                                           // the directory's read, or the view's start: before the articles are read
	in, err := a.storyInputs(ctx, nil, id, noAnnotations) // a title does not name outlets
	if err != nil {
		return "", false
	}
	title := stories.Title(&rt.terms, in)
	a.views.putTitle(id, rt.gen, at, title)
	return title, true
}

// directory is OutletDirectory, kept in memory as story listings are
// (storyCache): at is when it was read.
func (a *App) directory(ctx context.Context) (dir model.OutletDirectory, at time.Time, err error) {
	return a.views.directory(ctx, func() (model.OutletDirectory, error) { return a.OutletDirectory(ctx) })
}

// storyView reads a story's articles and annotations and builds its view;
// with titles (non-nil) it adds the related stories' titles.
func (a *App) storyView(ctx context.Context, dir model.OutletDirectory, id int64, titles *relatedTitles) (stories.Story, error) {
	in, err := a.storyInputs(ctx, dir, id, outline)
	if err != nil {
		return stories.Story{}, err
	}
	v := stories.Build(id, in)
	links, err := a.st.RelatedStories(ctx, id)
	if err != nil {
		return v, err
	}
	for _, l := range links {
		r := stories.Related{ID: l.Story, Strength: l.Strength}
		if titles != nil {
			if t, ok := a.relatedTitle(ctx, titles, l.Story); ok {
				r.Title = t
			}
		}
		v.Related = append(v.Related, r)
	}
	return v, nil
}

// storyHead builds the part of a story's view that its articles alone
// give (title, first and last seen, outlets), for listings: no
// annotations are read and no related stories looked up.
func (a *App) storyHead(ctx context.Context, dir model.OutletDirectory, id int64) (stories.Story, error) {
	in, err := a.storyInputs(ctx, dir, id, noAnnotations)
	if err != nil {
		return stories.Story{}, err
	}
	return stories.Build(id, in), nil
}

// storyEntries builds the views of listed stories, whole or heads; heads
// come from the cache when their stories have not changed.
func (a *App) storyEntries(ctx context.Context, list []store.StorySummary, whole bool) ([]StoryEntry, error) {
	var dir model.OutletDirectory // read at the first view built
	haveDir := false
	out := make([]StoryEntry, 0, len(list))
	for _, s := range list {
		v, ok := stories.Story{}, false
		if !whole {
			v, ok = a.views.head(s)
		}
		if !ok {
			var err error
			if !haveDir {
				if dir, _, err = a.directory(ctx); err != nil {
					return nil, err
				}
				haveDir = true
			}
			if whole {
				v, err = a.storyView(ctx, dir, s.ID, nil)
			} else {
				v, err = a.storyHead(ctx, dir, s.ID)
			}
			if err != nil {
				return nil, err
			}
			if !whole {
				a.views.putHead(s, v)
			}
		}
		out = append(out, StoryEntry{Summary: s, View: v})
	}
	return out, nil
}

// How much of its articles' annotations storyInputs reads.
type annotationParts int

const (
	noAnnotations   annotationParts = iota
	outline                         // what a story's view uses (store.StoryArticlesOutlined)
	fullAnnotations                 // all, for a comparison
)

// storyInputs reads a story's articles with the parts of their
// annotations asked for.
func (a *App) storyInputs(ctx context.Context, dir model.OutletDirectory, id int64, parts annotationParts) ([]stories.Input, error) {
	var arts []model.Article
	var anns []model.Annotations
	var err error
	switch parts {
	case outline:
		arts, anns, err = a.st.StoryArticlesOutlined(ctx, id)
	case fullAnnotations:
		arts, anns, err = a.st.StoryArticlesAnnotated(ctx, id)
	default:
		arts, err = a.st.StoryArticles(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, notFoundf("no story %d: list them with storywire stories", id)
	}
	in := make([]stories.Input, len(arts))
	for i, art := range arts {
		// Each outlet under the name the whole store knows it by, so a
		// story holding only its domain shows the same name as the others.
		if k := model.ArticleOutletKey(art); k != "" {
			art.Outlet = dir.Name(art)
		}
		in[i].Article = art
		if anns != nil {
			in[i].Annotations = anns[i]
		}
	}
	return in, nil
}

// Why is an article with the explanation of its story.
type Why struct {
	Article     model.Article
	Reason      model.AssignmentReason // how it got there
	Explanation model.Assignment       // as the clusterer gave it, with the current story
}

// Why explains why an article is in its story.
func (a *App) Why(ctx context.Context, id string) (Why, error) {
	art, err := a.Article(ctx, id)
	if err != nil {
		return Why{}, err
	}
	as, ok, err := a.st.AssignmentOf(ctx, id)
	if err != nil {
		return Why{}, err
	}
	if !ok {
		return Why{}, invalidf("article %s is in no story yet: run storywire recluster", id)
	}
	return Why{Article: art, Reason: as.Reason, Explanation: as.Assignment}, nil
}

// Timeline is the stories involving one entity, or two together.
type Timeline struct {
	Names   []string // the entities' names
	Stories []StoryEntry
}

// Timeline lists the stories involving the entities refs (one or two, as
// FindEntity takes them) oldest first, undated ones last; whole builds
// each story's whole view.
func (a *App) Timeline(ctx context.Context, refs []string, whole bool) (Timeline, error) {
	var names []string
	var sets []map[int64]store.StorySummary
	for _, ref := range refs {
		e, err := a.FindEntity(ctx, ref)
		if err != nil {
			return Timeline{}, err
		}
		names = append(names, e.Name)
		list, err := a.st.Stories(ctx, store.StoryFilter{Entity: e.ID})
		if err != nil {
			return Timeline{}, err
		}
		m := map[int64]store.StorySummary{}
		for _, s := range list {
			m[s.ID] = s
		}
		sets = append(sets, m)
	}
	var both []store.StorySummary
	for id, s := range sets[0] {
		if len(sets) == 1 {
			both = append(both, s)
		} else if _, ok := sets[1][id]; ok {
			both = append(both, s)
		}
	}
	// Oldest first; undated stories last, by id.
	sort.Slice(both, func(i, j int) bool {
		fi, fj := both[i].FirstSeen, both[j].FirstSeen
		if fi.IsZero() != fj.IsZero() {
			return !fi.IsZero()
		}
		if !fi.Equal(fj) {
			return fi.Before(fj)
		}
		return both[i].ID < both[j].ID
	})
	entries, err := a.storyEntries(ctx, both, whole)
	if err != nil {
		return Timeline{}, err
	}
	return Timeline{Names: names, Stories: entries}, nil
}
