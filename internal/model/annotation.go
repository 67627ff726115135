package model

// Annotations is what analysis found in an article's text. Every span is a
// byte range [Start, End) into Article.Text, so a reader can highlight it.
type Annotations struct {
	// Tagger names the model that found the mentions ("en.ner 2026-11-23").
	Tagger    string     `json:"tagger,omitempty"`
	Sentences []TextSpan `json:"sentences"`
	Mentions  []Mention  `json:"mentions"`
	// Entities are the article's own entities: mentions of one person,
	// organisation or place within the article, grouped.
	Entities []LocalEntity `json:"entities"`
	// Times are the time expressions, resolved against the publication
	// time (or, for an undated article, the inferred one).
	Times []TimeRef `json:"times"`
	// Quotes are direct and indirect speech with their speakers.
	Quotes []Quote `json:"quotes"`
	// Quantities are numbers with what they count.
	Quantities []Quantity `json:"quantities"`
	// Published is the publication date inferred from the text, for an
	// article that states none.
	Published *InferredDate `json:"published_inferred,omitempty"`
	// Note says why some text was not analysed (a script the tagger does
	// not cover, for example).
	Note string `json:"note,omitempty"`
	// AnalysedBytes is, for a text too long to analyse whole (a table
	// dump), how much of its start was analysed; 0 when all of it was.
	AnalysedBytes int `json:"analysed_bytes,omitempty"`
}

// InferredDate is a publication date guessed from an article's text.
type InferredDate struct {
	Date       string   `json:"date"` // YYYY-MM-DD
	Confidence float64  `json:"confidence"`
	Evidence   []string `json:"evidence"`
}

// TimeRef is a time expression and its normalised value.
type TimeRef struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Type is DATE, TIME, DURATION or SET (TimeML's TIMEX3 types).
	Type string `json:"type"`
	// Value is the TIMEX3 value: "2024-03-12", "2024-03", "2024-W11",
	// "2024-03-12T09:30", "P3D", "PXY", "XXXX-XX-XX" when unknown,
	// "PRESENT_REF" / "PAST_REF" / "FUTURE_REF" for vague references.
	Value string `json:"value"`
	// Granularity of a DATE or TIME value: "year", "quarter", "month",
	// "week", "day", "time", "decade", "century".
	Granularity string `json:"granularity,omitempty"`
	// From and To bound a range ("since 2014", "later this week",
	// "earlier this month") as ISO dates; empty when unbounded.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Anchor is the time the expression was resolved against ("2024-03-12
	// (publication)"); empty for an absolute expression.
	Anchor string `json:"anchor,omitempty"`
	// Confidence is how sure a resolved part the text did not state is
	// (the year of "Thursday, 8 March"); 0 when nothing was guessed, and
	// Note then says why it is low.
	Confidence float64 `json:"confidence,omitempty"`
	Note       string  `json:"note,omitempty"`
}

// Quote is a piece of reported speech.
type Quote struct {
	// Start and End cover the quoted words, without the quotation marks;
	// for indirect speech, the reported content.
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Kind is "direct" or "indirect".
	Kind string `json:"kind"`
	// Partial marks a quoted word or phrase inside the writer's own
	// sentence ("called the move a \"provocation\"").
	Partial bool `json:"partial,omitempty"`
	// Speaker is who said it, as the article names them (resolved from a
	// pronoun or a role noun when needed); SpeakerSpan is the mention the
	// attribution rests on; Entity indexes Annotations.Entities (-1: none).
	Speaker     string    `json:"speaker,omitempty"`
	SpeakerSpan *TextSpan `json:"speaker_span,omitempty"`
	Entity      int       `json:"entity"`
	// Cue is the verb or phrase that attributes the quote ("said",
	// "according to").
	Cue string `json:"cue,omitempty"`
}

// Quantity is a number and what it counts.
type Quantity struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Value is the number as stated (the stated bound for a vague amount:
	// 24 for "more than two dozen"); Low and High bound what the text
	// allows, High nil when unbounded, with the bound itself excluded when
	// LowOpen / HighOpen ("more than two dozen": (24, ∞); "hundreds":
	// [200, 999]; "27": [27, 27]).
	Value    float64  `json:"value"`
	Low      float64  `json:"low"`
	High     *float64 `json:"high"`
	LowOpen  bool     `json:"low_open,omitempty"`
	HighOpen bool     `json:"high_open,omitempty"`
	// Unit is the unit or the counted noun phrase ("percent", "USD",
	// "individuals and companies", "consulates").
	Unit        string `json:"unit,omitempty"`
	Approximate bool   `json:"approximate,omitempty"`
}

// TextSpan is a byte range of an article's text.
type TextSpan struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Entity types. MISC holds nationality and group words that name no
// country, events, works and other names.
const (
	Person       = "PER"
	Organization = "ORG"
	Location     = "LOC"
	Misc         = "MISC"
)

// Mention is one name in the text. Text is the name as written at
// [Start, End), except that the brackets of an editor's insertion
// ("[Joe] Biden") are left out and line breaks and runs of spaces
// inside the name are one space.
type Mention struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Type     string `json:"type"`
	Sentence int    `json:"sentence"`
	// Entity indexes Annotations.Entities.
	Entity int `json:"entity"`
	// Role is a title or role the text gives a person at this mention
	// ("Defence Minister", "spokesman"), with its span; Affiliation is the
	// country or organisation the role belongs to when the text says
	// ("Russian", "the State Department").
	Role        string    `json:"role,omitempty"`
	RoleSpan    *TextSpan `json:"role_span,omitempty"`
	Affiliation string    `json:"affiliation,omitempty"`
	// StandsFor names the government a place or institution stands for at
	// this mention ("Moscow said" -> "Russia").
	StandsFor string `json:"stands_for,omitempty"`
}

// LocalEntity is one entity as a single article mentions it.
type LocalEntity struct {
	Name    string   `json:"name"` // the fullest form in the article
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"` // every form used, in order of appearance
	// Country is the ISO 3166 code when the entity is a known country (or
	// a nationality word mapped to it).
	Country      string   `json:"country,omitempty"`
	Roles        []string `json:"roles,omitempty"`
	Affiliations []string `json:"affiliations,omitempty"`
	Mentions     int      `json:"mentions"`
	// ID is the canonical entity across articles, set when stored.
	ID int64 `json:"id,omitempty"`
}
