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
