package quantity

import (
	"strings"
	"testing"
)

func FuzzFind(f *testing.F) {
	for _, c := range findCases {
		f.Add(c.in)
	}
	f.Add(strings.Repeat("more than 1,500.5 ", 20))
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, Find(text))
	})
}

// benchText is a made-up news report of about 10 KB, dense in numbers as
// economic and conflict reporting is.
var benchText = func() string {
	paragraph := `The government said on Tuesday that more than two dozen firms had been fined a combined $1.5 billion since 2014, ` +
		`after an inquiry found that 27 individuals and companies had broken sanctions rules. Turnout in the March 17 vote was ` +
		`61.4 per cent, up 0.2 percentage points, according to the electoral commission, which counted 1,532,004 ballots. ` +
		`Hundreds of civilians fled the fighting near the border, where some 300 troops and 2,000 military personnel were ` +
		`deployed, and at least 50 people were killed, officials said. The central bank raised rates to 5.25% and warned that ` +
		`inflation could reach between 6 and 7 percent next year. “We expect about 1.5 million euros in aid within a few days,” ` +
		`a spokesman told reporters at 10 a.m. in Geneva. Temperatures fell to minus 5 degrees overnight, and nearly 500 homes ` +
		`were without power across a 30 km stretch of coast. A 45-year-old man was arrested. The company, which employs 12,000 ` +
		`people in 14 countries, reported revenue of €3.2bn for the quarter, while its rival lost £200m. Two-thirds of members ` +
		`backed the plan; one in five abstained. Tens of thousands of people marched in the capital on Saturday.` + "\n\n"
	var b strings.Builder
	for b.Len() < 10_000 {
		b.WriteString(paragraph)
	}
	return b.String()
}()

func BenchmarkFind(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		Find(benchText)
	}
}
