package quote_test

import "testing"

// TestLabelSpeakers: a line whose label names the speaker and a colon
// sets out speech with no verb (panels, reaction lists).
func TestLabelSpeakers(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"name and outlet", "The panel met on Sunday.\n\nOdile Marchetti, Brenner Post: \"The vote was never in doubt.\"",
			want{"The vote was never in doubt.", "direct", "Odile Marchetti", "", false}},
		{"name, party and state", "Reactions came quickly.\n\nSen. Pavel Orloff (R-Vantry): \"This is a sad day for the chamber.\"",
			want{"This is a sad day for the chamber.", "direct", "Pavel Orloff", "", false}},
		{"title and name", "Reactions came quickly.\n\nTreasury Secretary Imogen Castell, in a statement: \"We will study the ruling.\"",
			want{"We will study the ruling.", "direct", "Imogen Castell", "", false}},
		{"place, title and name", "Reactions came quickly.\n\nVantry Gov. Ruth Okwu: \"We will follow the law.\"",
			want{"We will follow the law.", "direct", "Ruth Okwu", "", false}},
		{"owner's name", "Reactions came quickly.\n\nFair Votes Now's Amos Kettle: \"Too little, too late.\"",
			want{"Too little, too late.", "direct", "Amos Kettle", "", false}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}

// TestLabelNeedsNoVerb: a paragraph that opens with a clause and a
// colon is not a label; with no verb and no name there is no speaker.
func TestLabelNeedsNoVerb(t *testing.T) {
	got := quotes(t, "The mood was grim.\n\nOne question remained: \"Who pays?\"")
	for _, q := range got {
		if q.Text == "Who pays?" && q.Speaker != "" {
			t.Errorf("a question after a colon got speaker %q", q.Speaker)
		}
	}
}

// TestSpeakerIsAName: the speaker is the person the frame names, never
// a sentence's first word, an age or a place next to the name.
func TestSpeakerIsAName(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"even before the name", `Even Rep. Colm Asante of Vantry, a loyal ally of the leader, said the result was "a warning."`,
			want{"a warning.", "direct", "Colm Asante", "said", true}},
		{"place after the name", `Republican Rep. Ines Farrow of Dunmere said the plan was "dead on the table."`,
			want{"dead on the table.", "direct", "Ines Farrow", "said", true}},
		{"age and relative clause", `Grandmother Bettina Salo, 71, who has lived on the street since 1980, told the Post: "I have never been so frightened."`,
			want{"I have never been so frightened.", "direct", "Bettina Salo", "told", false}},
		{"description and relative clause", `Sen. Hector Almond, a Republican from Vantry, where the plant employs 900 people, said the audit raised "grave doubts."`,
			want{"grave doubts.", "direct", "Hector Almond", "said", true}},
		{"role phrase after an organisation", `"We will not be rushed," said the Assembly majority whip, Oona Fairley.`,
			want{"We will not be rushed", "direct", "Oona Fairley", "said", false}},
		{"title inside the name", `Dunmere Mayor Tobiah Vance said the city was "ready for anything."`,
			want{"ready for anything.", "direct", "Tobiah Vance", "said", true}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}

// TestCoordinatedSubject: the subject of "X welcomed the vote but said
// …" ends before the first verb.
func TestCoordinatedSubject(t *testing.T) {
	check(t, `Dock worker unions welcomed the deal but said their members were "tired of waiting."`,
		[]want{{"tired of waiting.", "direct", "Dock worker unions", "said", true}})
}

// TestSpeakerFrames: frames that put the name away from the verb.
func TestSpeakerFrames(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"relative who", `The rebels were led by Greta Holmqvist, who said on Monday that the plan was "beyond repair."`,
			want{"beyond repair.", "direct", "Greta Holmqvist", "said", true}},
		{"party and state in brackets", `Sen. Ada Lindqvist (F-Vantry) said the bill was "a good start."`,
			want{"a good start.", "direct", "Ada Lindqvist", "said", true}},
		{"participle after a lead word", `Even President Oskar Brandt weighed in, branding the protest "a carnival."`,
			want{"a carnival.", "direct", "Oskar Brandt", "branding", true}},
		{"tabloid verb", `Mayor Ilona Ruiz praised the volunteers. "They are the best of us," she beamed.`,
			want{"They are the best of us", "direct", "Ilona Ruiz", "beamed", false}},
		{"title before a given name", `"We will rebuild," said Mayor Earl Banning. "Every street of it."`,
			want{"We will rebuild", "direct", "Earl Banning", "said", false}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}

// TestParagraphsSplitBySpeaker: a quote left open at a paragraph's end
// is not merged with the next paragraph when that one is attributed to
// someone else.
func TestParagraphsSplitBySpeaker(t *testing.T) {
	text := `Inspector Mara Quill defended her findings. "I stand by the report," Quill said. "Every figure was checked twice.

"With respect, she is wrong," said Tomas Ebner, the secretary. "The towers worked."`
	check(t, text, []want{
		{"Every figure was checked twice.", "direct", "Mara Quill", "said", false},
		{"With respect, she is wrong", "direct", "Tomas Ebner", "said", false},
	})
}

// TestQuoteOverParagraphsStaysWhole: the same layout by one speaker is
// still one quote.
func TestQuoteOverParagraphsStaysWhole(t *testing.T) {
	text := `Mara Quill spoke first. "I stand by the report," Quill said. "Every figure was checked twice.

"Nobody has shown me a wrong one," she said.`
	for _, q := range quotes(t, text) {
		if q.Text == "Nobody has shown me a wrong one" {
			t.Errorf("one speaker's quote over two paragraphs was split: %+v", q)
		}
	}
}

// TestPronounAntecedent: a pronoun means the paragraph's unnamed
// subject, or the sentence's subject past a fronted clause, rather than
// the last name mentioned.
func TestPronounAntecedent(t *testing.T) {
	text := `"The towers worked," said Tomas Ebner, the secretary.

A senior diplomat, speaking on condition of anonymity, was blunter. "This is not about fish," he said.

Senator Hal Brody, the Republican leader, has been cool. Asked on Wednesday whether Mr. Ebner kept his confidence, he said: "He knows what I think."`
	check(t, text, []want{
		{"This is not about fish", "direct", "senior diplomat", "said", false},
		{"He knows what I think.", "direct", "Hal Brody", "said", false},
	})
}

// TestMorePartials: a second quoted phrase of one report, a placard
// read "simply", and a role noun with a name in apposition.
func TestMorePartials(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"second phrase of one report", `Olaf Brenning said the crews had been "out before dawn" and that the rules had "never slowed a rescue".`,
			want{"never slowed a rescue", "direct", "Olaf Brenning", "said", true}},
		{"but that", `The minister, Ines Kaur, said a buyout was "not on the agenda", but that she would "look at every offer".`,
			want{"look at every offer", "direct", "Ines Kaur", "said", true}},
		{"role noun and a name in apposition", `The governor, Mia Park, called the verdict "a mistake"; the plaintiffs called it "overdue".`,
			want{"a mistake", "direct", "Mia Park", "called", true}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}

func TestPlacardReadSimply(t *testing.T) {
	check(t, "A crowd gathered outside. One sign read simply 'Vote Again'.",
		[]want{{"Vote Again", "direct", "", "", false}})
}

// TestTranscriptLabels: in a transcript the speaker label of a line is
// not the person a pronoun in it means; a name in a "When …" clause can
// be.
func TestTranscriptLabels(t *testing.T) {
	text := `HOST: Our correspondent Ruth Rosen is in the capital.

ROSEN: Governor Nell Park took a different view. In a statement, she called the ruling 'a disgrace'.

When reporters found Mr. Talbot outside his house, he snapped: "Go away."`
	check(t, text, []want{
		{"a disgrace", "direct", "Nell Park", "called", true},
		{"Go away.", "direct", "Talbot", "snapped", false},
	})
}

// TestFragmentsInParaphrase: quoted fragments in the writer's sentence
// are partial quotes of the report's speaker, across a nickname, an
// object pronoun or a time word; with no frame they keep the
// paragraph's speaker; names and titles in marks stay out.
func TestFragmentsInParaphrase(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"nickname in the apposition", `Chief auditor Pia Lund - known to clerks as "the Hawk" - told reporters the ledger was "a work of fiction".`,
			want{"a work of fiction", "direct", "Pia Lund", "told", true}},
		{"object pronoun in the subject", `An aide close to him described the talks as "slow but honest".`,
			want{"slow but honest", "direct", "aide close to him", "described", true}},
		{"time word before who", `The ferry was launched by Mayor Kai Brandt yesterday, who boasted that it "cuts the crossing in half".`,
			want{"cuts the crossing in half", "direct", "Kai Brandt", "boasted", true}},
		{"no frame, paragraph speaker", `"We are done waiting," said Rhea Tamsin. Her union's patience, by her account, had run out "weeks ago".`,
			want{"weeks ago", "direct", "Rhea Tamsin", "said", true}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}

func TestNamesInMarksAreNotQuotes(t *testing.T) {
	text := `Ilse Brand, dubbed "the Iron Clerk" by colleagues, chairs the so-called "Tuesday Club". Her memoir, titled "Ledgers at Dusk", is out in May.`
	for _, q := range quotes(t, text) {
		if q.Kind == "direct" {
			t.Errorf("a name or title taken for a quote: %q", q.Text)
		}
	}
}

// TestNamesTheTaggerMistypes: a name after an honorific, beside a role
// or an age, or run together with its title and place, is a person's
// whatever type the tagger gave it, and pronouns find it.
func TestNamesTheTaggerMistypes(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"honorific", "Ms. Vasseur, the premier, has tried to move on. “The matter is closed,” she told the chamber.",
			want{"The matter is closed", "direct", "Vasseur", "told", false}},
		{"apposition to a role", "The union’s general secretary, Greta Holloway-Marsh, welcomed the talks. ‘We’ll go in with an open mind,’ she said.",
			want{"We’ll go in with an open mind", "direct", "Greta Holloway-Marsh", "said", false}},
		{"age", `Campaigner Greta Holloway-Marsh, 49, addressed the crowd. "We want a fair wage!" she roared.`,
			want{"We want a fair wage!", "direct", "Greta Holloway-Marsh", "roared", false}},
		{"title and place in the mention", `Liberal MP Jonah Feld of Eastwick said the strike was "costing us votes." Feld added: "I signed the letter anyway."`,
			want{"I signed the letter anyway.", "direct", "Jonah Feld", "added", false}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}

// TestLeadIns: a fronted adverb or a site's lead-in label is not the
// subject a participle or pronoun goes back to.
func TestLeadIns(t *testing.T) {
	check(t, `Driving the news: Nine Liberal MPs signed a letter on Tuesday calling the offer "unworkable."

Afterwards, a senior party strategist was unbowed. "Letters don't win elections," he said.`,
		[]want{
			{"unworkable.", "direct", "Nine Liberal MPs", "calling", true},
			{"Letters don't win elections", "direct", "senior party strategist", "said", false},
		})
}

// TestSpeakersOnWireAndBroadcastNews: the frames of wire copy and
// broadcast scripts that the second blind set showed (issue 17).
func TestSpeakersOnWireAndBroadcastNews(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       want
	}{
		{"full name then honorific and surname", "Wilhelmina Carrow has never liked the job. “We are not running a museum,” Ms Carrow told councillors.",
			want{"We are not running a museum", "direct", "Wilhelmina Carrow", "told", false}},
		{"apposition makes a person", `Ottoline Brisk, a midwife at Fennick General Hospital, drives to work. "The road floods every spring," she said.`,
			want{"The road floods every spring", "direct", "Ottoline Brisk", "said", false}},
		{"turn label is not the subject", "CORRIN: The harbour is closed.\n\nCORRIN: Yesterday the port minister, Idris Vell, was questioned.\n\nCORRIN: But the minister did admit a mistake, and told deputies the review would end ‘by the autumn at the latest’.",
			want{"by the autumn at the latest", "direct", "Idris Vell", "told", true}},
		{"title after a comma starts a clause", "The state will not stop the sale of Orrin Mills to Calbeck Foods, the trade minister said on Friday.\n\nMarta Fenwick, speaking at a fair in Toll, said the sale was good news.",
			want{"The state will not stop the sale of Orrin Mills to Calbeck Foods", "indirect", "Marta Fenwick", "said", false}},
		{"hearer after told", "Ferries will run again on Monday, Captain Ilse Varga told reporters at the port office.",
			want{"Ferries will run again on Monday", "indirect", "Ilse Varga", "told", false}},
		{"description before the name", "About 9,000 homes were without power on Sunday, grid operator Northline said.",
			want{"About 9,000 homes were without power on Sunday", "indirect", "Northline", "said", false}},
		{"dateline left out", "TOLLBRIDGE, Essary (NWA) — About 9,000 homes were without power on Sunday, grid operator Northline said.",
			want{"About 9,000 homes were without power on Sunday", "indirect", "Northline", "said", false}},
		{"apposition of an organisation", "Dock workers want written guarantees before the sale, their union, the Port and Dock Workers' Union, said this week.",
			want{"Dock workers want written guarantees before the sale", "indirect", "Port and Dock Workers' Union", "said", false}},
		{"trailing adverbial", "The plant will close in May, the company said on Monday, despite a late offer from the region.",
			want{"The plant will close in May", "indirect", "company", "said", false}},
		{"according to with an apposition", "About 300 jobs will go, according to the operator, Essary Ferries.",
			want{"About 300 jobs will go", "indirect", "Essary Ferries", "according to", false}},
		{"told me", "The hall's manager, Bram Oduya, told me they had served 200 meals since dawn.",
			want{"they had served 200 meals since dawn", "indirect", "Bram Oduya", "told", false}},
		{"subject with a post-modifier", "Northline says crews from two other regions have arrived.",
			want{"crews from two other regions have arrived", "indirect", "Northline", "says", false}},
		{"report before a quoted clause", `Mayor Ivo Lanner said the city would pay for the repairs and that the builder would face "hard questions" soon.`,
			want{"the city would pay for the repairs", "indirect", "Ivo Lanner", "said", false}},
		{"led by is not the speaker", `The opposition Green Alliance, led by Petra Moll, called the plan "a disgrace" on Tuesday.`,
			want{"a disgrace", "direct", "Green Alliance", "called", true}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.text, []want{tc.want}) })
	}
}
