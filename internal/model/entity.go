package model

import "time"

// Entity is a canonical entity: one real person, organisation or place,
// with every name it was written under.
type Entity struct {
	ID       int64
	Type     string
	Name     string
	Country  string // ISO 3166 code for a country
	Mentions int
	Articles int
	Aliases  []Alias
	Roles    []Role
	Keys     []string
}

// Alias is one written form of an entity's name and how often it was seen.
type Alias struct {
	Text  string
	Count int
}

// Role is a title an article gave an entity.
type Role struct {
	Role        string
	Affiliation string
	ArticleID   string
	Published   Published
}

// FeedState holds the HTTP validators of a feed for conditional GET.
type FeedState struct {
	URL          string
	ETag         string
	LastModified string
	CheckedAt    time.Time
}
