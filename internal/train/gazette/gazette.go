// Package gazette builds the phrase lists (gazetteers) the named-entity
// tagger uses as features, from public resources: entity names in an
// annotated corpus (GMB), proper nouns in WordNet, and the ISO 3166 names
// of countries and their subdivisions. The tagger learns how far to trust
// each list, so the lists can be large and noisy; they must only be built
// the same way every time.
//
// Lists are read at training time (by internal/train/ner); the trained
// model keeps only hashes of their phrases, so the tagger never needs this
// package.
package gazette

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/storywire/storywire/internal/text/iob"
)

// Lists is a set of named phrase lists; a phrase is its tokens.
type Lists struct {
	order  []string
	byName map[string][][]string
	seen   map[string]bool
}

// Add puts a phrase into a list, once.
func (l *Lists) Add(list string, phrase []string) {
	if len(phrase) == 0 {
		return
	}
	if l.byName == nil {
		l.byName = make(map[string][][]string)
		l.seen = make(map[string]bool)
	}
	if _, ok := l.byName[list]; !ok {
		l.order = append(l.order, list)
		l.byName[list] = nil
	}
	key := list + "\x00" + strings.Join(phrase, "\x00")
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.byName[list] = append(l.byName[list], slices.Clone(phrase))
}

// Names returns the list names in the order they were first added.
func (l *Lists) Names() []string { return slices.Clone(l.order) }

// Phrases returns the phrases of a list.
func (l *Lists) Phrases(list string) [][]string { return l.byName[list] }

// Map returns the lists as a map, for ner.TrainOptions.
func (l *Lists) Map() map[string][][]string { return l.byName }

// Sizes describes the lists, e.g. "gmb-per 12,345".
func (l *Lists) Sizes() []string {
	out := make([]string, 0, len(l.order))
	for _, n := range l.order {
		out = append(out, fmt.Sprintf("%s %d", n, len(l.byName[n])))
	}
	return out
}

// AddGMB adds the entities of GMB-style tagged sentences: lists gmb-per,
// gmb-first and gmb-last (first and last words of multi-word person
// names), gmb-org, gmb-geo, gmb-gpe and gmb-misc (art, eve, nat). GMB puts
// titles inside person names ("President Bush"); isTitle says which
// leading words to strip, so the lists hold names only.
func (l *Lists) AddGMB(words [][]string, tags [][]string, isTitle func(string) bool) {
	for s := range words {
		for _, sp := range iob.Chunks(tags[s]) {
			p := words[s][sp.Start:sp.End]
			switch sp.Type {
			case "per":
				for len(p) > 1 && isTitle != nil && isTitle(p[0]) {
					p = p[1:]
				}
				if len(p) == 1 && isTitle != nil && isTitle(p[0]) {
					continue
				}
				l.Add("gmb-per", p)
				if len(p) > 1 {
					l.Add("gmb-first", p[:1])
					l.Add("gmb-last", p[len(p)-1:])
				}
			case "org", "geo", "gpe":
				l.Add("gmb-"+sp.Type, p)
			case "art", "eve", "nat":
				l.Add("gmb-misc", p)
			}
		}
	}
}

// wordnetLists maps WordNet lexicographer files of nouns to lists.
var wordnetLists = map[int]string{
	18: "wn-person",   // noun.person
	15: "wn-location", // noun.location
	17: "wn-location", // noun.object: rivers, mountains, islands
	14: "wn-group",    // noun.group: organisations, peoples
}

// AddWordNet adds the capitalised noun lemmas of WordNet 3.0 (data.noun in
// dir, e.g. /usr/share/wordnet from Debian's wordnet-base) to the lists
// wn-person, wn-location, wn-group and wn-other.
func (l *Lists) AddWordNet(dir string) error {
	path := filepath.Join(dir, "data.noun")
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("gazette: wordnet: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "  ") {
			continue // the licence header
		}
		fields := strings.Fields(text)
		if len(fields) < 5 {
			return fmt.Errorf("gazette: %s:%d: too few fields", path, line)
		}
		lexFile, err1 := strconv.Atoi(fields[1])
		n, err2 := strconv.ParseInt(fields[3], 16, 32)
		if err1 != nil || err2 != nil || len(fields) < 4+2*int(n) {
			return fmt.Errorf("gazette: %s:%d: not a WordNet data line", path, line)
		}
		list, ok := wordnetLists[lexFile]
		if !ok {
			list = "wn-other"
		}
		for k := 0; k < int(n); k++ {
			lemma := fields[4+2*k]
			if lemma == "" || lemma[0] < 'A' || lemma[0] > 'Z' {
				continue
			}
			l.Add(list, strings.Split(lemma, "_"))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazette: %s: %w", path, err)
	}
	return nil
}

// AddISO3166 adds country names (iso_3166-1.json: name, official and
// common names) and subdivision names (iso_3166-2.json) from the JSON files
// of Debian's iso-codes package (dir, e.g. /usr/share/iso-codes/json) to
// the lists iso-country and iso-region.
func (l *Lists) AddISO3166(dir string) error {
	var countries struct {
		List []struct {
			Name         string `json:"name"`
			OfficialName string `json:"official_name"`
			CommonName   string `json:"common_name"`
		} `json:"3166-1"`
	}
	var regions struct {
		List []struct {
			Name string `json:"name"`
		} `json:"3166-2"`
	}
	if err := readJSON(filepath.Join(dir, "iso_3166-1.json"), &countries); err != nil {
		return err
	}
	if err := readJSON(filepath.Join(dir, "iso_3166-2.json"), &regions); err != nil {
		return err
	}
	for _, c := range countries.List {
		for _, n := range []string{c.Name, c.OfficialName, c.CommonName} {
			if n != "" {
				l.Add("iso-country", strings.Fields(n))
			}
		}
	}
	for _, r := range regions.List {
		// "Bayern (Bavaria)": both names.
		name, alt, _ := strings.Cut(r.Name, " (")
		l.Add("iso-region", strings.Fields(name))
		if alt = strings.TrimSuffix(alt, ")"); alt != "" {
			l.Add("iso-region", strings.Fields(alt))
		}
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("gazette: iso codes: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("gazette: %s: %w", path, err)
	}
	return nil
}
