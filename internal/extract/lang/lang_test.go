package lang

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestDetect(t *testing.T) {
	d, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string
	}{
		{"The foreign minister said on Tuesday that the talks would resume next month in the capital.", "en"},
		{"Министр иностранных дел заявил во вторник, что переговоры возобновятся в следующем месяце.", "ru"},
		{"Міністр закордонних справ заявив у вівторок, що переговори відновляться наступного місяця.", "uk"},
		{"Der Außenminister sagte am Dienstag, die Gespräche würden im nächsten Monat fortgesetzt.", "de"},
		{"Le ministre des Affaires étrangères a déclaré mardi que les pourparlers reprendraient le mois prochain.", "fr"},
		{"El ministro de Asuntos Exteriores dijo el martes que las conversaciones se reanudarían el mes próximo.", "es"},
		{"Il ministro degli Esteri ha detto martedì che i colloqui riprenderanno il mese prossimo.", "it"},
		{"O ministro dos Negócios Estrangeiros disse na terça-feira que as conversações serão retomadas no próximo mês.", "pt"},
		{"قال وزير الخارجية يوم الثلاثاء إن المحادثات ستستأنف الشهر المقبل", "ar"},
		{"外交部长周二表示，谈判将于下月恢复。", "zh"},
		{"外交部長週二表示，談判將於下月恢復。", "zh"},
		// Headlines: a few words, names and all.
		{"Talks with Norland called off again", "en"},
		{"Переговоры с Норландией снова сорваны", "ru"},
		{"Переговори з Норландією знову зірвано", "uk"},
		{"Nouvelle suspension des pourparlers", "fr"},
		// A Chinese headline with a Latin brand name in it is Chinese.
		{"苹果发布新款iPhone手机", "zh"},
		{"too short", ""},
		{"1234567890 !!! 2025-03-01", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := d.Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%.30q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestDetectBeyondDefaults checks languages a user can add to the
// default ten, and pairs that only a letter or two tell apart.
func TestDetectBeyondDefaults(t *testing.T) {
	tests := []struct {
		codes      []string
		text, want string
	}{
		{[]string{"zh", "ja"}, "外交部长周二表示，谈判将于下月恢复。", "zh"},
		{[]string{"zh", "ja"}, "外務大臣は火曜日、交渉が来月再開されると述べた。", "ja"},
		{[]string{"ko", "ja", "zh"}, "외무장관은 화요일 회담이 다음 달 재개될 것이라고 말했다.", "ko"},
		{[]string{"cs", "sk", "pl"}, "Ministr zahraničí v úterý uvedl, že jednání budou příští měsíc obnovena.", "cs"},
		{[]string{"cs", "sk", "pl"}, "Minister spraw zagranicznych powiedział we wtorek, że rozmowy zostaną wznowione.", "pl"},
		{[]string{"nl", "de", "en"}, "De minister van Buitenlandse Zaken zei dinsdag dat de gesprekken volgende maand worden hervat.", "nl"},
		{[]string{"tr", "en"}, "Dışişleri bakanı salı günü görüşmelerin gelecek ay yeniden başlayacağını söyledi.", "tr"},
		{[]string{"el", "ru"}, "Ο υπουργός Εξωτερικών δήλωσε την Τρίτη ότι οι συνομιλίες θα συνεχιστούν τον επόμενο μήνα.", "el"},
		{[]string{"he", "ar"}, "שר החוץ אמר ביום שלישי כי השיחות יתחדשו בחודש הבא.", "he"},
		{[]string{"fa", "ar", "ur"}, "وزیر امور خارجه روز سه\u200cشنبه گفت که گفتگوها ماه آینده از سر گرفته می\u200cشود.", "fa"},
		{[]string{"hi", "en"}, "विदेश मंत्री ने मंगलवार को कहा कि बातचीत अगले महीने फिर से शुरू होगी।", "hi"},
		// Text in a script none of the languages uses: no answer.
		{[]string{"en", "de"}, "Министр иностранных дел заявил во вторник", ""},
	}
	for _, tt := range tests {
		d, err := New(tt.codes)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Detect(tt.text); got != tt.want {
			t.Errorf("%v: Detect(%.30q) = %q, want %q", tt.codes, tt.text, got, tt.want)
		}
	}
}

func TestNewRejectsUnknownCodes(t *testing.T) {
	// xx is no language; sw is one the model does not have.
	for _, code := range []string{"xx", "sw"} {
		_, err := New([]string{"en", code})
		if err == nil || !strings.Contains(err.Error(), code) || !strings.Contains(err.Error(), "ar bg ca") {
			t.Errorf("New with %s: err = %v, want one naming %s and the codes there are", code, err, code)
		}
	}
	if _, err := New([]string{"en"}); err == nil {
		t.Fatal("New with one language: want an error")
	}
	if _, err := New([]string{"en", " EN", "en"}); err == nil {
		t.Fatal("New with one language given thrice: want an error")
	}
	if d, err := New([]string{" DE", "en"}); err != nil || d.Detect("Die Gespräche werden im nächsten Monat fortgesetzt.") != "de" {
		t.Errorf("New with codes in upper case and spaces: %v", err)
	}
}

// TestBuiltinModel checks that the shipped model reads back, holds the
// default languages and nothing Detect could not use.
func TestBuiltinModel(t *testing.T) {
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	codes, err := builtinCodes()
	if err != nil || !slices.Equal(codes, m.Codes()) {
		t.Fatalf("codes from the header %v (%v), from the model %v", codes, err, m.Codes())
	}
	for _, c := range DefaultLanguages {
		if !slices.Contains(codes, c) {
			t.Errorf("default language %s not in the built-in model", c)
		}
	}
	for _, l := range m.Languages {
		if len(l.Grams) < 20 { // an alphabet at least
			t.Errorf("%s: %d grams", l.Code, len(l.Grams))
		}
	}
}

func TestDetectConcurrently(t *testing.T) {
	d, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{
		"en": "The talks would resume next month in the capital.",
		"ru": "Переговоры возобновятся в следующем месяце.",
		"de": "Die Gespräche werden im nächsten Monat fortgesetzt.",
	}
	var wg sync.WaitGroup
	for range 8 {
		for want, text := range texts {
			wg.Go(func() {
				if got := d.Detect(text); got != want {
					t.Errorf("Detect(%.20q) = %q, want %q", text, got, want)
				}
			})
		}
	}
	wg.Wait()
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"en-US": "en", "DE": "de", "pt_BR": "pt", "eng": "", "": "", "e1": ""} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSampleCutsAtWordBoundary(t *testing.T) {
	long := strings.Repeat("слово ", 1000)
	s := Sample(long)
	if n := utf8.RuneCountInString(s); n > sampleRunes || n < sampleRunes/2 || !strings.HasSuffix(s, "слово") {
		t.Fatalf("Sample: len %d, suffix %q", len(s), s[len(s)-10:])
	}
}

// BenchmarkDetect times Detect on a headline and on a long article (of
// which only the sample is read), in English and in Russian. The detector
// is warmed first, so model loading is not part of the timing.
func BenchmarkDetect(b *testing.B) {
	d, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct{ name, text string }{
		{"short/en", "Foreign minister says talks to resume next month"},
		{"short/ru", "Министр заявил, что переговоры возобновятся"},
		{"long/en", strings.Repeat("The foreign minister said on Tuesday that the talks would resume next month. ", 30)},
		{"long/ru", strings.Repeat("Министр иностранных дел заявил во вторник, что переговоры возобновятся в следующем месяце. ", 30)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			d.Detect(c.text)
			b.ReportAllocs()
			for b.Loop() {
				d.Detect(c.text)
			}
		})
	}
}

// BenchmarkFirstUse times what the first Detect of a process adds: reading
// the built-in model, and building the table of the default languages.
func BenchmarkFirstUse(b *testing.B) {
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseModel(builtinModel); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		m, err := Builtin()
		if err != nil {
			b.Fatal(err)
		}
		var langs []int
		for _, c := range DefaultLanguages {
			langs = append(langs, slices.Index(m.Codes(), c))
		}
		b.ReportAllocs()
		for b.Loop() {
			newTable(m, langs)
		}
	})
}
