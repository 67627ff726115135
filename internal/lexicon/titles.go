package lexicon

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Titles and roles that come before a person's name ("Defence Minister
// Sergei Shoigu", "U.S. Secretary of State Antony Blinken", "Lt. Gen.
// Kyrylo Budanov"). A title phrase is one of titleSingles or titleMulti, a
// department followed by a head ("Foreign Minister", "Army chief", "Defence
// Ministry spokesman"), or a head, "of" or "for", an optional "the" and a
// department ("Minister of Foreign Affairs", "Secretary of the Treasury").
// Any number of modifiers may come first ("Deputy", "Acting", "Former",
// "First", "Vice", "then-"), and "-elect" or "-designate" after. All words
// are lower case; matching ignores case and diacritics.

// titleSingles are one-word titles.
var titleSingles = []string{
	// heads of state and government, ministers, officials
	"president", "premier", "chancellor", "minister", "secretary", "undersecretary",
	"governor", "mayor", "commissioner", "ombudsman", "treasurer", "comptroller", "auditor",
	"ambassador", "envoy", "consul", "diplomat", "negotiator", "aide", "adviser", "advisor",
	"spokesman", "spokeswoman", "spokesperson",
	// legislators
	"senator", "congressman", "congresswoman", "representative", "lawmaker", "legislator",
	"councillor", "councilor", "councilman", "councilwoman", "alderman", "speaker",
	// leaders of organisations
	"leader", "head", "chief", "chairman", "chairwoman", "chairperson", "chair", "director",
	"founder", "cofounder", "manager", "coach", "editor", "dean", "rector", "professor",
	// monarchy and nobility
	"king", "queen", "prince", "princess", "emperor", "empress", "tsar", "czar", "shah",
	"emir", "amir", "sultan", "sheikh", "sheik", "duke", "duchess", "earl", "baron",
	"baroness", "monarch", "regent",
	// religion
	"pope", "cardinal", "archbishop", "bishop", "patriarch", "rabbi", "imam", "ayatollah",
	"mufti", "cleric", "pastor", "reverend", "monsignor",
	// law and police
	"judge", "justice", "magistrate", "prosecutor", "attorney", "lawyer", "barrister",
	"solicitor", "sheriff", "constable", "detective", "inspector", "superintendent",
	// military ranks
	"general", "admiral", "commodore", "brigadier", "colonel", "major", "captain",
	"lieutenant", "sergeant", "corporal", "private", "marshal", "commander", "commandant",
}

// titleMulti are titles of more than one word.
var titleMulti = []string{
	"prime minister", "first minister", "chief minister", "first lady", "first gentleman",
	"crown prince", "crown princess", "supreme leader", "grand ayatollah", "grand mufti",
	"head of state", "head of government", "top diplomat",
	"chief of staff", "chief of the general staff", "chief of general staff",
	"chief of defence staff", "chief of the defence staff", "chief of defense staff",
	"chief of the defense staff", "chief of naval operations", "chief of police",
	"chairman of the joint chiefs of staff", "chairman of the joint chiefs", "joint chiefs chairman",
	"chief executive", "chief executive officer", "chief operating officer",
	"chief financial officer", "chief technology officer", "chief economist", "chief justice",
	"chief whip", "majority leader", "minority leader", "opposition leader", "party leader",
	"party chairman", "house speaker", "speaker of the house", "speaker of parliament",
	"secretary general", "general secretary", "attorney general", "solicitor general",
	"prosecutor general", "procurator general", "inspector general", "surgeon general",
	"auditor general", "director general", "governor general", "postmaster general",
	"consul general", "commander in chief", "editor in chief",
	"national security adviser", "national security advisor",
	"high representative", "high commissioner", "special rapporteur", "special counsel",
	"permanent representative", "permanent secretary", "presiding judge",
	"district attorney", "public prosecutor", "state prosecutor", "police commissioner",
	"fire chief", "lord mayor", "lord chancellor", "chancellor of the exchequer",
	"managing director", "member of parliament", "member of the european parliament",
	"member of congress", "state senator", "state representative", "charge d'affaires",
	"ambassador at large", "minister without portfolio",
	// military ranks
	"lieutenant governor", "lieutenant general", "lieutenant colonel", "lieutenant commander",
	"second lieutenant", "major general", "brigadier general", "rear admiral", "field marshal",
	"air marshal", "air chief marshal", "air vice marshal", "staff sergeant", "sergeant major",
	"master sergeant", "warrant officer", "petty officer",
}

// titleDepartments are portfolios, services and bodies that make a title
// with a head ("Foreign Minister", "Minister of Foreign Affairs").
var titleDepartments = []string{
	"foreign", "foreign affairs", "external affairs", "foreign policy", "defence", "defense",
	"national defence", "national defense", "interior", "home", "home affairs",
	"internal affairs", "finance", "treasury", "economy", "economic", "economic affairs",
	"trade", "foreign trade", "commerce", "business", "industry", "health",
	"health and human services", "education", "energy", "environment", "climate", "justice",
	"culture", "agriculture", "transport", "transportation", "labour", "labor",
	"work and pensions", "digital", "technology", "development", "regional development",
	"security", "national security", "homeland security", "public security", "state security",
	"intelligence", "information", "communications", "media", "immigration", "integration",
	"tourism", "sport", "sports", "science", "housing", "housing and urban development",
	"infrastructure", "oil", "petroleum", "mining", "water", "fisheries", "planning",
	"reconstruction", "war", "state", "europe", "european affairs", "social affairs",
	"welfare", "emergencies", "emergency situations", "veterans affairs", "women", "youth",
	"equality", "press", "cabinet", "party", "army", "navy", "air force", "military", "police",
	"spy", "northern ireland", "scotland", "wales",
}

// titleDepartmentHeads make a title after a department ("Defence
// Minister", "Army chief", "Press Secretary").
var titleDepartmentHeads = []string{
	"minister", "secretary", "undersecretary", "commissioner", "chief", "spokesman",
	"spokeswoman", "spokesperson", "adviser", "advisor", "ministry spokesman",
	"ministry spokeswoman", "ministry spokesperson",
}

// titleOfHeads make a title before "of" or "for" and a department
// ("Minister of Defence", "Secretary for Justice").
var titleOfHeads = []string{"minister", "secretary", "undersecretary", "commissioner", "chief"}

// titleModifiers combine with a following title.
var titleModifiers = map[string]bool{
	"deputy": true, "acting": true, "former": true, "first": true, "vice": true,
	"assistant": true, "under": true, "associate": true, "senior": true, "junior": true,
	"interim": true, "caretaker": true, "provisional": true, "outgoing": true, "incoming": true,
	"then": true, "ex": true, "co": true, "late": true, "retired": true, "honorary": true,
	"shadow": true, "joint": true, "special": true, "chief": true, "executive": true,
	"lead": true, "principal": true, "top": true,
}

// titlePostModifiers may follow a title ("President-elect").
var titlePostModifiers = map[string]bool{"elect": true, "designate": true}

// titleAbbreviations are abbreviations of title words, with or without a
// final period ("Gen." and "Gen", "Lt" and "Lt.").
var titleAbbreviations = map[string][]string{
	"gen": {"general"}, "lt": {"lieutenant"}, "lieut": {"lieutenant"}, "maj": {"major"},
	"brig": {"brigadier"}, "col": {"colonel"}, "capt": {"captain"}, "cpt": {"captain"},
	"adm": {"admiral"}, "cmdr": {"commander"}, "cdr": {"commander"}, "sgt": {"sergeant"},
	"cpl": {"corporal"}, "pvt": {"private"}, "pte": {"private"}, "cmdt": {"commandant"},
	"supt": {"superintendent"}, "insp": {"inspector"},
}

// titleDottedAbbreviations are abbreviations of title words only with the
// period, because without it they are names or words ("Sen." but not Sen,
// as in Amartya Sen).
var titleDottedAbbreviations = map[string][]string{
	"sen": {"senator"}, "rep": {"representative"}, "gov": {"governor"}, "pres": {"president"},
	"amb": {"ambassador"}, "det": {"detective"}, "sec": {"secretary"}, "atty": {"attorney"},
	"asst": {"assistant"}, "dep": {"deputy"}, "fmr": {"former"}, "supt": {"superintendent"},
	"v.p": {"vice", "president"}, "d.a": {"district", "attorney"},
}

// titleAcronyms are titles written as acronyms; they count only in
// capitals ("CEO", not "ceo").
var titleAcronyms = map[string][]string{
	"CEO": {"chief", "executive", "officer"}, "CFO": {"chief", "financial", "officer"},
	"COO": {"chief", "operating", "officer"}, "CTO": {"chief", "technology", "officer"},
	"MP": {"member", "of", "parliament"}, "MEP": {"member", "of", "the", "european", "parliament"},
	"PM": {"prime", "minister"}, "VP": {"vice", "president"}, "DA": {"district", "attorney"},
	"AG": {"attorney", "general"},
}

// maxTitleWords bounds the length of a title phrase, in words.
const maxTitleWords = 8

// buildTitles returns the set of title phrases.
func buildTitles() map[string]bool {
	t := make(map[string]bool)
	for _, s := range titleSingles {
		t[s] = true
	}
	for _, s := range titleMulti {
		t[s] = true
	}
	for _, d := range titleDepartments {
		for _, h := range titleDepartmentHeads {
			t[d+" "+h] = true
		}
		for _, h := range titleOfHeads {
			for _, p := range []string{" of ", " for ", " of the ", " for the "} {
				t[h+p+d] = true
			}
		}
	}
	return t
}

// titleWord is one word of a run of tokens, with the token it comes from.
type titleWord struct {
	word string
	tok  int  // index of the token
	last bool // the last word of its token
}

// titleWords splits tokens into lower-case words for title matching: a
// hyphenated token gives its parts ("Secretary-General", "then-President"),
// an abbreviation its words ("Gen." → general, "PM" → prime minister).
// It stops before a token without letters.
func titleWords(tokens []string) []titleWord {
	var out []titleWord
	for ti, tok := range tokens {
		n := len(out)
		parts := strings.Split(fold(tok), "-")
		for pi, part := range parts {
			words := titlePart(part)
			for wi, w := range words {
				out = append(out, titleWord{w, ti, pi == len(parts)-1 && wi == len(words)-1})
			}
		}
		if len(out) == n || !out[len(out)-1].last {
			return out[:n]
		}
	}
	return out
}

// titlePart returns the title words of one part of a token.
func titlePart(part string) []string {
	if part == "" {
		return nil
	}
	if w, ok := titleAcronyms[part]; ok {
		return w
	}
	lower := strings.ToLower(part)
	if base, ok := strings.CutSuffix(lower, "."); ok {
		if w, ok := titleDottedAbbreviations[base]; ok {
			return w
		}
		if w, ok := titleAbbreviations[base]; ok {
			return w
		}
		lower = base
	} else if w, ok := titleAbbreviations[lower]; ok {
		return w
	}
	if lower == "" {
		return nil
	}
	return []string{lower}
}

// MatchTitle returns the length, in tokens, of the longest title phrase
// starting at tokens[i], or 0 if none does:
//
//	["Defence" "Minister" "Sergei" "Shoigu"] at 0          → 2
//	["US" "Secretary" "of" "State" "Antony"] at 1          → 3
//	["NATO" "Secretary" "General" "Jens"] at 1             → 2
//	["First" "Deputy" "Prime" "Minister" "Denys"] at 0     → 4
//	["Lt." "Gen." "Kyrylo" "Budanov"] at 0                 → 2
//	["then-President" "Barack" "Obama"] at 0               → 1
//
// Modifiers alone ("Former", "Deputy") are no title. Country names and
// demonyms are not part of a title ("US" above): callers handle them.
// Titles match in any case, acronyms ("CEO", "PM") only in capitals.
func MatchTitle(tokens []string, i int) int {
	if i < 0 || i >= len(tokens) {
		return 0
	}
	// Most tokens start no title: their first word is neither a title's
	// first word nor a modifier, and the window need not be read.
	first := titleWords(tokens[i : i+1])
	if len(first) == 0 || !data().titleStarts[first[0].word] && !titleModifiers[first[0].word] {
		return 0
	}
	words := titleWords(tokens[i:min(len(tokens), i+2*maxTitleWords)])
	titles := data().titles
	best := 0
	var b strings.Builder
	var walk func(p, depth int)
	walk = func(p, depth int) {
		b.Reset()
		for l := 1; l <= maxTitleWords && p+l <= len(words); l++ {
			if l > 1 {
				b.WriteByte(' ')
			}
			b.WriteString(words[p+l-1].word)
			if !titles[b.String()] {
				continue
			}
			end := p + l - 1
			if words[end].last {
				best = max(best, words[end].tok+1)
			}
			if end+1 < len(words) && titlePostModifiers[words[end+1].word] && words[end+1].last {
				best = max(best, words[end+1].tok+1)
			}
		}
		if depth < 6 && p < len(words) && titleModifiers[words[p].word] {
			walk(p+1, depth+1)
		}
	}
	walk(0, 0)
	return best
}

// IsTitleWord reports whether the single token w is a title by itself:
// "President", "minister", "Spokesman", "Gen.", "Sen.", "CEO",
// "Secretary-General", "ex-President". Case is ignored except for
// acronyms. Modifiers ("Deputy") and departments ("Foreign") are not.
func IsTitleWord(w string) bool {
	return MatchTitle([]string{w}, 0) == 1
}

// IsTitleModifier reports whether w is a word that combines with a
// following title: "Deputy", "Acting", "Former", "First", "Vice", "ex".
func IsTitleModifier(w string) bool {
	words := titleWords([]string{w})
	return len(words) == 1 && titleModifiers[words[0].word]
}

// TitlePhrases returns every title phrase, without modifiers, in lower
// case and sorted, for use as a gazetteer.
func TitlePhrases() []string {
	t := data().titles
	out := make([]string, 0, len(t))
	for p := range t {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// honorifics are courtesy titles before names, lower case, without a
// final period.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "messrs": true, "mister": true,
	"dr": true, "prof": true, "sir": true, "dame": true, "lord": true, "lady": true,
	"madam": true, "madame": true, "mme": true, "mlle": true, "mademoiselle": true, "monsieur": true,
	"herr": true, "frau": true, "senor": true, "senora": true, "senorita": true, "sra": true,
	"srta": true, "rev": true, "hon": true, "honourable": true, "honorable": true,
	"shri": true, "smt": true,
}

// IsHonorific reports whether w is a courtesy title before a name: "Mr",
// "Mr.", "Mrs", "Ms", "Dr", "Prof.", "Sir", "Dame", "Lord", "Lady",
// "Madam", "Rev."... It must be capitalised ("Sir", "SIR", not "sir"),
// as honorifics are before names. Office titles ("President") and ranks
// ("Gen.") are not honorifics: see IsTitleWord.
func IsHonorific(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	w = strings.ToLower(fold(w))
	w = strings.TrimSuffix(w, ".")
	return honorifics[w]
}

// TitleKey returns a key under which the ways of writing one title
// collide, so roles from different articles can be compared: case,
// abbreviations ("Sec." → secretary), British and American spellings
// ("Defence", "Defense") and the "of" form ("Minister of Defence") all
// give the same key as "Defence Minister". Words are lower case and joined
// by one space; a role with no title words gives "".
func TitleKey(role string) string {
	words := titleWords(strings.Fields(strings.ReplaceAll(role, "'s", "")))
	var ws []string
	for _, w := range words {
		if w.word == "the" {
			continue
		}
		ws = append(ws, key(w.word))
	}
	// "head of/for department" → "department head": the form the
	// department-first titles take.
	for i := 1; i+1 < len(ws); i++ {
		if ws[i] != "of" && ws[i] != "for" || !slices.Contains(titleOfHeads, ws[i-1]) {
			continue
		}
		dept := strings.Join(ws[i+1:], " ")
		if !slices.Contains(titleDepartments, dept) { // the table lists "defense" and "labor" too
			continue
		}
		ws = append(append(append([]string{}, ws[:i-1]...), ws[i+1:]...), ws[i-1])
		break
	}
	return strings.Join(ws, " ")
}
