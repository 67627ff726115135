package stem

import (
	"strings"
	"testing"
)

func BenchmarkEnglish(b *testing.B) {
	words := newsWords()
	for b.Loop() {
		for _, w := range words {
			English(w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

// newsWords splits newsText into lower-case words, as an indexer would.
func newsWords() []string {
	var words []string
	for _, f := range strings.Fields(newsText) {
		f = strings.Trim(f, `.,;:"()?!-`)
		if f != "" {
			words = append(words, strings.ToLower(f))
		}
	}
	return words
}

// newsText is about a thousand words of wire-style news copy, the
// vocabulary the stemmer sees in practice.
const newsText = `
Negotiators from both governments resumed talks on Tuesday after a week of
stalled discussions, officials said, as pressure mounted on leaders to reach
an agreement before the ceasefire expires at the end of the month. The
delegations met for nearly nine hours at a hotel on the outskirts of the
capital, according to two people familiar with the negotiations who spoke on
condition of anonymity because they were not authorized to discuss the
proceedings publicly. A spokesman for the foreign ministry described the
meeting as constructive but cautioned that significant differences remained
over the withdrawal of troops, the exchange of prisoners and the
reconstruction of damaged infrastructure. "We are encouraged by the
willingness of the other side to engage seriously," the spokesman told
reporters. "But nobody should expect a breakthrough in the coming days."
Analysts said the renewed diplomacy reflected growing concern among
international partners that the fragile truce could collapse, triggering
another round of fighting that has already displaced hundreds of thousands
of people and destroyed entire neighborhoods.

The central bank raised interest rates by a quarter of a percentage point on
Wednesday, its fourth increase this year, saying inflation was still running
well above its target and that wage growth showed few signs of slowing. The
decision was widely expected by economists, although several had argued that
the bank should pause to assess the effects of earlier increases on
borrowing, housing and consumer spending. In a statement, policymakers said
they remained committed to bringing inflation back to two percent and would
continue to monitor incoming data closely. Stocks fell modestly after the
announcement, while the currency strengthened against the dollar. The
governor of the bank, speaking at a news conference, acknowledged that
higher borrowing costs were hurting households and small businesses, but
insisted that allowing prices to keep rising would be far more damaging over
the long term. Unemployment has remained near historic lows, giving the bank
room to tighten policy without triggering a recession, she said.

Prosecutors charged three former executives of a regional energy company
with fraud and conspiracy on Thursday, alleging that they concealed mounting
losses from investors and regulators for more than two years. According to
the indictment, the executives inflated revenue figures, backdated contracts
and pressured accountants to approve misleading financial statements while
selling millions of dollars of their own shares. Lawyers for two of the
defendants said their clients would plead not guilty and vigorously contest
the allegations. The third defendant, the company's former chief financial
officer, is cooperating with investigators, according to court filings. The
company, which filed for bankruptcy protection last spring, has said it is
cooperating fully with the authorities and has replaced its entire senior
management team. Thousands of employees lost their jobs and retirement
savings when the company collapsed, and several pension funds have filed
lawsuits seeking to recover their losses.

Heavy rains caused flooding across the northern provinces over the weekend,
forcing the evacuation of more than twelve thousand residents and cutting
power to dozens of villages. Emergency services said at least seven people
had died and many others were missing after rivers burst their banks and
landslides blocked roads leading into the mountains. Rescue teams using
boats and helicopters worked through the night to reach stranded families,
some of whom had climbed onto rooftops to escape the rising water. The
regional governor declared a state of emergency and appealed for national
assistance, warning that more rain was forecast for the coming days.
Meteorologists said the storms were unusually intense for the season and
linked the severity of recent floods to warming temperatures, which allow
the atmosphere to hold more moisture. Critics accused local authorities of
failing to maintain drainage systems and of ignoring repeated warnings about
construction on vulnerable hillsides.

The opposition party announced on Monday that it would boycott the upcoming
parliamentary elections, accusing the government of manipulating electoral
rules, harassing independent journalists and using state resources to
support its candidates. Party leaders said the decision had been difficult
but that participating would lend legitimacy to a process they described as
fundamentally unfair. The electoral commission rejected the accusations and
said preparations for the vote were proceeding normally, with international
observers invited to monitor polling stations. Supporters of the governing
coalition dismissed the boycott as a political stunt by a party that feared
a humiliating defeat. Recent surveys suggest that voters are deeply divided,
with many expressing frustration over rising living costs, corruption
scandals and the slow pace of reforms promised during the previous campaign.
Turnout, which has been declining steadily for a decade, is expected to fall
further.

Scientists have identified a new species of frog in a remote rainforest,
adding to a growing list of discoveries that researchers say highlight both
the richness of the region's biodiversity and the threats it faces from
logging and agriculture. The tiny amphibian, which measures barely a
centimeter in length, was found living among fallen leaves on the forest
floor during an expedition last year. Its distinctive call, a series of
rapid clicks, helped researchers distinguish it from closely related
species. Conservation groups are urging the government to expand protected
areas and strengthen enforcement against illegal clearing, which satellite
images show has accelerated sharply in recent years. Officials responded
that new regulations were being drafted and that funding for park rangers
had been increased. Local communities, many of which depend on the forest
for food, medicine and income, say they have not been adequately consulted
about plans to restrict access to their traditional lands.

The technology company reported quarterly earnings that exceeded analysts'
expectations, driven by strong demand for its cloud computing services and a
recovery in advertising revenue. Shares rose sharply in after-hours trading
following the announcement. Executives told investors that the company was
investing heavily in artificial intelligence and expected spending on data
centers to increase substantially next year. They also disclosed that
regulators in several countries had opened investigations into the company's
handling of user data, though they declined to estimate potential penalties.
The results came a week after the company announced plans to cut about five
percent of its workforce, a move that drew criticism from labor unions and
some lawmakers. The chief executive defended the layoffs as necessary to
streamline operations and said the company would continue hiring in its
fastest-growing divisions while offering severance and retraining to
affected employees.
`
