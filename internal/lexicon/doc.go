// Package lexicon holds hand-written word lists about the world that news
// mentions, and small lookups over them, for the named-entity tagger (as
// gazetteer features) and for entity resolution:
//
//   - countries and territories with their codes, aliases, demonyms and
//     capitals (Country, CountryByCode, Countries), and names that stand
//     for a government, such as "the Kremlin" or "Downing Street"
//     (Metonym, MetonymInfo, Metonyms);
//   - major cities and first-level regions (Place, Places);
//   - international organisations and alliances (Organization,
//     Organizations);
//   - titles, roles and honorifics that come before people's names
//     (MatchTitle, IsTitleWord, IsTitleModifier, IsHonorific,
//     TitlePhrases);
//   - forms of given names and a key that makes transliteration variants
//     of a name collide (Nicknames, GivenNames, TranslitKey);
//   - candidate place names behind a demonym-looking word, for countries
//     the tables do not know (DemonymStem).
//
// The data is factual and was written by hand for Storywire: the tables
// are the embedded text files countries.txt, places.txt, metonyms.txt,
// orgs.txt and nicknames.txt, each of which describes its own format, and
// the title lists in titles.go. The lists are deliberately modest: they
// cover what news commonly names, not everything there is.
//
// # Lookups
//
// Name lookups ignore case, diacritics ("Elysee" finds "Élysée"), a
// leading "the", a trailing possessive ("Russia's", "Russians'"), runs of
// spaces, hyphens against spaces ("Guinea Bissau"), "&" against "and", and
// British against American spelling of a few words (organisation,
// programme, labour, defence, centre). Names that are also common English
// words are case-sensitive and match only as written or in capitals: "US"
// and "U.S." find the United States but "us" does not; likewise "WHO",
// "Turkey", "China", "Polish", "Nice". A capitalised sentence-initial word
// can still match ("Turkey" at the start of a sentence about poultry);
// callers weigh the match with its context.
//
// # Ambiguous names
//
// Each name leads to one entry per table. Where a name is shared, the data
// picks the one news usually means and the other entry lists the name as
// secondary (true, but not looked up):
//
//   - "Congo" and "Congolese" are DR Congo (CD), not the Republic of the
//     Congo (CG, "Congo-Brazzaville", "Congo Republic");
//   - "Korea" and "Korean" are South Korea; "North Korean" is North Korea;
//   - "Dominican" is the Dominican Republic, not Dominica;
//   - "Georgia" is the country for Country and the US state for Place:
//     the tables are separate, so callers that check both decide;
//   - "Washington" is the capital (Place) and stands for the US government
//     (Metonym); the state is "Washington State";
//   - "New York" is the city; the state is "New York State";
//   - "Victoria" is the Australian state, not the capital of Seychelles;
//   - "Brussels" is Belgium's capital for Place but stands for the EU for
//     Metonym;
//   - "Gaza" is the Gaza Strip; the city is "Gaza City";
//   - "ICC" is the International Criminal Court; "IOC" the Olympic
//     Committee.
//
// # Data
//
// All tables are parsed once, on first use, and never modified
// afterwards; every function returns copies, so callers may change what
// they get. The package is safe for concurrent use.
package lexicon
