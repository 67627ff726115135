package app

import (
	"context"
	"slices"

	"github.com/storywire/storywire/internal/stories"
)

// Story event kinds.
const (
	StoryCreated = "created" // every article the story holds came in this ingest
	StoryGrown   = "grown"   // the ingest added articles to a story that had some
)

// StoryEvent says an ingest created a story or added articles to one.
type StoryEvent struct {
	Kind     string // StoryCreated or StoryGrown
	Story    int64
	Title    string
	Articles int      // how many articles it holds now
	Added    []string // the articles this ingest put in it, in ingest order
}

// OnStories makes every ingest that puts new articles into stories call
// fn with what changed, once the articles are committed and clustered, so
// a server can tell its clients as it happens. Call it before the App is
// shared: it is not synchronised with running ingests.
func (a *App) OnStories(fn func([]StoryEvent)) { a.onStories = fn }

// storyEvents describes the stories the stored articles ids (an ingest's
// new articles) are now in, by story id.
func (a *App) storyEvents(ctx context.Context, ids []string) ([]StoryEvent, error) {
	order, byStory, err := a.storiesOf(ctx, ids)
	if err != nil || len(order) == 0 {
		return nil, err
	}
	dir, _, err := a.directory(ctx)
	if err != nil {
		return nil, err
	}
	slices.Sort(order)
	out := make([]StoryEvent, 0, len(order))
	for _, s := range order {
		in, err := a.storyInputs(ctx, dir, s, noAnnotations)
		if err != nil {
			return nil, err
		}
		e := StoryEvent{Kind: StoryGrown, Story: s, Title: stories.Build(s, in).Title, Articles: len(in), Added: byStory[s]}
		if e.Articles <= len(e.Added) {
			e.Kind = StoryCreated
		}
		out = append(out, e)
	}
	return out, nil
}

// storiesOf groups articles by the story each is in now: the stories in
// the order first met, and each story's articles. Articles in no story are
// left out.
func (a *App) storiesOf(ctx context.Context, ids []string) ([]int64, map[int64][]string, error) {
	byStory := map[int64][]string{}
	var order []int64
	for _, id := range ids {
		as, ok, err := a.st.AssignmentOf(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		if _, seen := byStory[as.Story]; !seen {
			order = append(order, as.Story)
		}
		byStory[as.Story] = append(byStory[as.Story], id)
	}
	return order, byStory, nil
}
