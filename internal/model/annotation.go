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
	// Note says why some text was not analysed (a script the tagger does
	// not cover, for example).
	Note string `json:"note,omitempty"`
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

// Mention is one name in the text.
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
