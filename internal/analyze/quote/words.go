package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// speechVerbs attribute a quote: "…," she said; he told reporters: "…".
var speechVerbs = set(`said says say told tells tell added adds asked asks replied replies
	answered answers explained explains warned warns insisted insists stressed stresses
	noted notes denied denies claimed claims argued argues continued continues wrote writes
	recalled recalls remarked remarks observed observes declared declares announced announces
	confirmed confirms admitted admits acknowledged acknowledges conceded concedes complained
	complains urged urges predicted predicts suggested suggests emphasised emphasized emphasises
	emphasizes maintained maintains responded responds shouted shouts cried cries whispered
	whispers tweeted tweets posted posts vowed vows pledged pledges promised promises cautioned
	cautions countered counters joked jokes laughed sighed agreed agrees demanded demands
	estimated estimates reported revealed reveals indicated indicates hinted hints alleged
	alleges asserted asserts stated concluded concludes signalled signaled threatened
	threatens recounted boasted boasts mused quipped snapped mumbled muttered grinned raged
	fumed grovelled groveled sneered blasted gushed sobbed stormed thundered barked insisted
	informed informs commented comments wondered wonders assured assures advised advises
	pointed ordered orders accused accuses hit beamed chuckled roared hissed growled scoffed
	sniffed blurted`)

// participles introduce speech after a comma: "…, saying …", "…, writing:".
var participles = set(`saying adding writing telling warning insisting stressing noting
	arguing explaining declaring announcing claiming arguing fuming calling accusing
	describing promising vowing branding labelling labeling slamming blasting dismissing
	condemning praising hailing`)

// opinionVerbs make a quoted phrase the subject's words: called the move
// "a provocation".
var opinionVerbs = set(`called calls call described describes dismissed dismisses
	branded brands labelled labeled labels termed terms dubbed dubs accused accuses condemned
	condemns criticised criticized criticises criticizes praised praises welcomed welcomes
	rejected rejects hailed hails blamed blames slammed slams decried decries characterised
	characterized referred refers denounced denounces spoke speaks wants wanted hopes hoped
	fears feared believes believed calling describing accusing`)

// bareThat are the speech verbs whose reported clause may follow without
// "that": she said the talks had failed. The others need it.
var bareThat = set(`said says say told tells tell`)

// indirectVerbs report speech or thought with a clause after "that".
var indirectVerbs = set(`said says say told tells tell added adds warned warns insisted insists
	stressed stresses noted claimed argued argues explained explains announced announces
	confirmed confirms admitted admits acknowledged acknowledges conceded concedes complained
	complains predicted predicts suggested suggests emphasised emphasized emphasises emphasizes
	maintained maintains alleged alleges asserted asserts stated concluded concludes revealed
	reveals recalled recalls promised promises vowed vows pledged pledges replied replies
	responded responds denied denies believes believed thinks thought hopes hoped fears feared
	informed informs assured assures cautioned cautions indicated indicates hinted hints
	reported wrote writes agreed agrees estimated estimates signalled signaled threatened`)

var auxiliaries = set(`has have had will would may might could should must shall can did does do
	also later earlier then previously again once reportedly repeatedly separately recently
	today yesterday tonight subsequently already still ever never not n't always often
	initially originally first afterwards further however meanwhile too`)

var determiners = set(`the a an its his her their our my your this that these those one two three
	four some several many another each every any no both`)

var pronouns = set(`he she they it we i`)

// boundaries end a noun phrase read word by word.
var boundaries = set(`and or but nor in on at of for with to by from as that which who whom whose
	when while where after before because since if though although than not into about
	over under against between during without within through is was were are be been
	being has have had will would may might could should must can did does do it he she
	they we i you him them us me there here what how why whether so yet also then`)

var timeWords = set(`monday tuesday wednesday thursday friday saturday sunday morning afternoon
	evening night day week weekend month year today yesterday tonight january february march
	april may june july august september october november december`)

// personNouns name a person by role: the minister, a spokeswoman.
var personNouns = set(`spokesman spokeswoman spokesperson official minister president premier
	chancellor leader head chief director executive chairman chairwoman chair mayor governor
	ambassador envoy diplomat negotiator lawyer attorney prosecutor judge captain commander
	general officer secretary adviser advisor aide economist analyst expert professor
	researcher scientist founder owner ceo manager mother father wife husband son daughter
	brother sister witness resident fisherman farmer worker driver survivor victim doctor nurse
	teacher student activist campaigner protester candidate mp senator lawmaker legislator
	deputy speaker mediator source insider ally friend coach player manager inspector
	commissioner superintendent constable sergeant detective widow mum dad neighbour neighbor
	owner trader broker strategist member monarch king queen prince princess pope bishop priest
	imam rabbi organiser organizer campaigner critic supporter opponent colleague partner
	relative pal mate boss foreman engineer pilot soldier guard representative
	spokesperson presenter correspondent reporter editor chairperson secretary-general
	miner villager passenger civilian sailor docker refugee migrant patient tourist rescuer
	firefighter journalist prisoner detainee hostage voter child man woman person whip
	justice landlady landlord publican`)

// groupNouns name several people: officials, police, residents.
var groupNouns = set(`officials police residents analysts experts witnesses fishermen diplomats
	critics activists sources authorities protesters workers families relatives economists
	observers organisers organizers investigators rescuers doctors villagers locals campaigners
	lawmakers ministers leaders people others prosecutors traders forecasters scientists
	researchers managers members nurses teachers students farmers miners exporters importers
	lenders shopkeepers owners officers allies pals friends neighbours neighbors supporters
	opponents staff employees unions groups chiefs executives bosses investors parents mums
	insiders aides advisers advisors detectives inspectors sociologists voters fans players
	creditors bankers passengers civilians soldiers sailors dockers trawlermen refugees
	migrants patients tourists survivors victims firefighters journalists prisoners detainees
	hostages children men women persons individuals citizens crews`)

// CountsPeople reports whether a noun names a person ("worker") or several
// people ("workers", "people"), as the speaker finder reads them.
func CountsPeople(noun string) bool {
	w := canon(noun)
	return personNouns[w] || groupNouns[w]
}

// institutionNouns name an organisation by what it is: the ministry.
var institutionNouns = set(`ministry department government company firm police agency office
	embassy court council union bank army military navy party group authority commission
	committee parliament cabinet administration coastguard operator regulator insurer airline
	association federation organisation organization institute university hospital club team
	board corporation bureau service force forces guard command secretariat alliance bloc
	movement campaign charity network broadcaster newspaper channel utility exchange fund
	developer manufacturer carrier inspectorate prosecutor's chamber consortium business
	museum school station embassy consulate kremlin junta court tribunal`)

// genericInstitutions are the institution nouns that, bare ("the
// company"), refer back to the most recent organisation named.
var genericInstitutions = set(`company firm ministry department agency organisation organization
	group corporation operator insurer airline manufacturer carrier developer bureau institute
	association union federation broadcaster charity club team bank consortium business`)

// femaleWords and maleWords tell a person's sex from a title or role.
var femaleWords = set(`mrs ms miss madam madame mme lady dame spokeswoman chairwoman
	businesswoman congresswoman councilwoman mother wife daughter sister queen princess widow
	mum actress aunt grandmother girl woman`)
var maleWords = set(`mr sir lord spokesman chairman businessman congressman councilman father
	husband son brother king prince dad uncle grandfather boy man herr monsieur`)

func lower(s string) string { return strings.ToLower(s) }

// canon folds curly apostrophes to straight ones.
func canon(s string) string { return strings.ReplaceAll(lower(s), "’", "'") }

// isWord reports whether a token is a word: it starts with a letter and
// holds no quotation marks.
func isWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) && !strings.ContainsAny(s, "\"“”‘«»„")
}

func isCapitalized(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isPossessive(s string) bool {
	s = canon(s)
	return s == "'s" || s == "'"
}

func isAdverb(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w == lower(w) && w != "only" && w != "family"
}

// roleKey folds the forms of a role word that name the same role.
func roleKey(w string) string {
	switch w {
	case "spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen":
		return "spokes"
	case "chairman", "chairwoman", "chairperson", "chair":
		return "chair"
	}
	return w
}

func isSentenceEnd(s string) bool {
	switch s {
	case ".", "!", "?", "…":
		return true
	}
	return false
}

// isMark reports whether a token is quotation marks only (not "’s").
func isMark(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("\"“”‘’'«»„‹›", r) {
			return false
		}
	}
	return true
}
