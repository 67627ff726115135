package model

// CorrectionKind is what a user's correction says of two articles.
type CorrectionKind string

// Kinds of correction.
const (
	CorrectionJoin  CorrectionKind = "join"  // the two belong in one story
	CorrectionApart CorrectionKind = "apart" // the two are in different stories
)

// AssignmentReason says how an article came to be in its story.
type AssignmentReason string

// Reasons for an assignment.
const (
	ReasonScore      AssignmentReason = "score"      // its best story scored enough to join
	ReasonNew        AssignmentReason = "new"        // no story did: it started one
	ReasonCopy       AssignmentReason = "copy"       // it joined the story of the article it copies
	ReasonCorrection AssignmentReason = "correction" // a user's correction put it there
	ReasonSettle     AssignmentReason = "settle"     // moved once a run's later articles were in
)

// Assignment is where clustering put an article and why: the
// clusterer's decision with the scores behind it, kept with the article
// so that "why is this here?" has an answer.
type Assignment struct {
	Article string `json:"article"`
	Story   int64  `json:"story"`
	// New is true when the article started the story.
	New bool `json:"new"`
	// Reason says how the story was chosen: "score", "new", "copy"
	// (joined its original's story), "correction" or "settle" (moved by
	// settling once later articles were in).
	Reason AssignmentReason `json:"reason"`
	// Threshold is the score that was needed to join (the best
	// candidate's, for an article that started a story).
	Threshold float64 `json:"threshold"`
	// Candidates are the best-scoring stories, best first.
	Candidates []Candidate `json:"candidates"`
	// Related are stories linked to this one by this article: same
	// subject, different time.
	Related []StoryLink `json:"related,omitempty"`
	// Merged are stories this article showed to be the same event as
	// Story (it matched them all, at the same time): their articles are
	// now in Story.
	Merged []int64 `json:"merged,omitempty"`
	// From is the story a settled article left (see Settle).
	From int64 `json:"from,omitempty"`
	// Step names the step of settling that moved a settled article last:
	// StepSplit, StepRescore, StepCores or StepFragment.
	Step SettleStep `json:"step,omitempty"`
}

// SettleStep names a step of settling a run's stories, which can move
// an article once later articles are in.
type SettleStep string

// The steps of settling, as an Assignment names them.
const (
	// StepSplit: the article's story fell into groups by average link
	// that show signs of different events, and its group left (split).
	StepSplit SettleStep = "split"
	// StepRescore: scored again once the run was in, the article scored
	// clearly higher in another story (reconsider).
	StepRescore SettleStep = "rescore"
	// StepCores: the article's story was cut in two along its
	// neighbour links, the two halves showing signs of different events
	// (cores).
	StepCores SettleStep = "cores"
	// StepFragment: the article's story was merged into the story its
	// articles' nearest neighbours are in (fragments).
	StepFragment SettleStep = "fragment"
)

// Candidate is one story an article was compared with.
type Candidate struct {
	Story int64   `json:"story"`
	Score float64 `json:"score"`
	// Text and Entity are the cosines; Content their weighted sum; Time
	// the factor the gap applied.
	Text    float64 `json:"text"`
	Entity  float64 `json:"entity"`
	Content float64 `json:"content"`
	Time    float64 `json:"time"`
	// Actors is the factor applied when the article is led by other
	// people than the story (1 when not).
	Actors float64 `json:"actors,omitempty"`
	// GapDays is the time between the article and the story (0 when
	// within it; -1 when either is undated).
	GapDays float64 `json:"gap_days"`
	// Terms and Entities are what matched most.
	Terms    []string `json:"terms,omitempty"`
	Entities []string `json:"entities,omitempty"`
	Dormant  bool     `json:"dormant,omitempty"`
}

// StoryLink relates two stories: same subject, different time.
type StoryLink struct {
	Story    int64   `json:"story"`
	Strength float64 `json:"strength"`
}
