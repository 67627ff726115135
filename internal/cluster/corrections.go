package cluster

// corrections are what a user said about the stories: articles that
// must join the story of another, and pairs that must stay apart. They
// hold for the articles whenever they come.
type corrections struct {
	must   map[string]string
	cannot map[string]map[string]bool
}

func newCorrections() corrections {
	return corrections{must: map[string]string{}, cannot: map[string]map[string]bool{}}
}

// MustJoin records a correction: articles a and b belong in one story.
// Whichever comes second joins the story of the first.
func (c *Clusterer) MustJoin(a, b string) { c.fixes.join(a, b) }

// Apart records a correction: articles a and b are in different stories.
func (c *Clusterer) Apart(a, b string) { c.fixes.apart(a, b) }

func (k *corrections) join(a, b string) {
	k.must[a] = b
	if k.must[b] == "" {
		k.must[b] = a
	}
}

func (k *corrections) apart(a, b string) {
	for _, p := range [][2]string{{a, b}, {b, a}} {
		if k.cannot[p[0]] == nil {
			k.cannot[p[0]] = map[string]bool{}
		}
		k.cannot[p[0]][p[1]] = true
	}
}

// partner is the article whose story a must join ("" for none).
func (k *corrections) partner(a string) string { return k.must[a] }

// blocked reports whether a correction keeps article a out of story s
// (nil: a story not in memory).
func (k *corrections) blocked(a string, s *story) bool {
	apart := k.cannot[a]
	if len(apart) == 0 || s == nil {
		return false
	}
	for _, other := range s.articles {
		if apart[other] {
			return true
		}
	}
	return false
}

// storiesApart reports whether a correction keeps stories a and b of the
// table apart.
func (k *corrections) storiesApart(t *storyTable, a, b int64) bool {
	sa, sb := t.get(a), t.get(b)
	if sa == nil || sb == nil {
		return false
	}
	for _, x := range sa.articles {
		for y := range k.cannot[x] {
			if t.ofDoc[y] == b {
				return true
			}
		}
	}
	return false
}
