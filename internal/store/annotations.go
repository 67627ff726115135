package store

import (
	"encoding/json"

	"github.com/storywire/storywire/internal/model"
)

// DecodeClustering decodes, from stored annotations, what story
// clustering reads of them (cluster.FromArticle): the entities' ids,
// names, types and counts, each mention's sentence and entity, the
// times' types, values and anchors, and the inferred publication date.
// The rest (spans, quotes, quantities, roles) is skipped without being
// built; a replay of every stored article decoded it all before.
func DecodeClustering(data []byte) (model.Annotations, error) {
	var a struct {
		Published *model.InferredDate `json:"published_inferred"`
		Entities  []struct {
			Name     string `json:"name"`
			Type     string `json:"type"`
			Mentions int    `json:"mentions"`
			ID       int64  `json:"id"`
		} `json:"entities"`
		Mentions []struct {
			Sentence int `json:"sentence"`
			Entity   int `json:"entity"`
		} `json:"mentions"`
		Times []struct {
			Type   string `json:"type"`
			Value  string `json:"value"`
			Anchor string `json:"anchor"`
		} `json:"times"`
	}
	if err := json.Unmarshal(data, &a); err != nil {
		return model.Annotations{}, err
	}
	out := model.Annotations{Published: a.Published}
	if len(a.Entities) > 0 {
		out.Entities = make([]model.LocalEntity, len(a.Entities))
		for i, e := range a.Entities {
			out.Entities[i] = model.LocalEntity{Name: e.Name, Type: e.Type, Mentions: e.Mentions, ID: e.ID}
		}
	}
	if len(a.Mentions) > 0 {
		out.Mentions = make([]model.Mention, len(a.Mentions))
		for i, m := range a.Mentions {
			out.Mentions[i] = model.Mention{Sentence: m.Sentence, Entity: m.Entity}
		}
	}
	if len(a.Times) > 0 {
		out.Times = make([]model.TimeRef, len(a.Times))
		for i, t := range a.Times {
			out.Times[i] = model.TimeRef{Type: t.Type, Value: t.Value, Anchor: t.Anchor}
		}
	}
	return out, nil
}
