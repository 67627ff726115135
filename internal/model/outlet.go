package model

import (
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// UnknownOutlet is the one outlet of every article that nothing names (no
// outlet name, no web address): they are counted as one source, not one
// outlet each, and `--outlet unknown` selects them.
const UnknownOutlet = "unknown"

// OutletKey is an outlet's identity: the key its site name, its domain
// and its feed titles share, "" when name names nothing. "Harbour Times",
// "harbour-times.example", "www.harbour-times.example",
// "edition.harbour-times.example" and the feed title "Harbour Times -
// World" all give "harbourtimes". It depends on the name alone, so a
// store can match outlets without seeing the other articles.
//
// The rules: a URL or host name keeps its site's label (subdomains, the
// top-level domain and a second level such as "co.uk" go); a feed title
// keeps what precedes its section (" - ", " | ", " – ", " — "); then only
// letters and digits count, case folded, and a leading "the" and a
// trailing "news" are dropped from name and domain alike ("The Hill" /
// thehill.com, "VBC News" / vbc.example).
func OutletKey(name string) string {
	name = strings.TrimSpace(name)
	if h := hostName(name); h != "" {
		name = siteLabel(h)
	} else {
		name = cutSection(name)
	}
	k := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, name)
	if len(k) > len("the")+1 && strings.HasPrefix(k, "the") {
		k = k[len("the"):]
	}
	if len(k) > len("news")+1 && strings.HasSuffix(k, "news") {
		k = k[:len(k)-len("news")]
	}
	return k
}

// ArticleOutletKey is the identity of an article's outlet: its outlet
// name's key, else its web host's, else "" (the unknown outlet).
func ArticleOutletKey(a Article) string {
	if k := OutletKey(a.Outlet); k != "" {
		return k
	}
	return OutletKey(hostOf(a.URL))
}

// OutletNames names the outlet of each of a set of articles (by article
// ID), the same way wherever articles are grouped by outlet: articles of
// one identity (ArticleOutletKey) get one name, chosen among the names
// they carry as NewOutletDirectory chooses ("Harbour Times" for
// "harbour-times.example" and "Harbour Times - World"); the articles
// nothing names are all UnknownOutlet, one source of unknown identity
// rather than as many outlets as articles.
func OutletNames(arts []Article) map[string]string {
	seen := map[string]int{}
	for _, a := range arts {
		seen[articleOutletName(a)]++
	}
	dir := NewOutletDirectory(seen)
	out := make(map[string]string, len(arts))
	for _, a := range arts {
		out[a.ID] = dir.Name(a)
	}
	return out
}

// OutletDirectory is the name each outlet identity (by OutletKey) is
// shown under.
type OutletDirectory map[string]string

// NewOutletDirectory names each identity among the outlet names seen
// (each with how many articles carry it): a site name before a domain,
// then the commonest, then the first in byte order, so the choice never
// depends on the order; feed sections are cut and "www." dropped.
func NewOutletDirectory(seen map[string]int) OutletDirectory {
	forms := map[string]map[string]int{} // key -> displayed form -> articles
	for name, n := range seen {
		k := OutletKey(name)
		if k == "" {
			continue
		}
		if forms[k] == nil {
			forms[k] = map[string]int{}
		}
		forms[k][displayForm(name)] += n
	}
	dir := make(OutletDirectory, len(forms))
	for k, fs := range forms {
		names := make([]string, 0, len(fs))
		for f := range fs {
			names = append(names, f)
		}
		sort.Slice(names, func(i, j int) bool {
			a, b := names[i], names[j]
			if ha, hb := hostName(a) != "", hostName(b) != ""; ha != hb {
				return hb
			}
			if fs[a] != fs[b] {
				return fs[a] > fs[b]
			}
			return a < b
		})
		dir[k] = names[0]
	}
	return dir
}

// Name is the name an article's outlet is shown under: its identity's
// name in the directory, else its own name (display form), else
// UnknownOutlet when nothing names it.
func (d OutletDirectory) Name(a Article) string {
	k := ArticleOutletKey(a)
	if k == "" {
		return UnknownOutlet
	}
	if n, ok := d[k]; ok {
		return n
	}
	return displayForm(articleOutletName(a))
}

// articleOutletName is what names an article's outlet: its outlet name,
// else its URL's host.
func articleOutletName(a Article) string {
	if n := strings.TrimSpace(a.Outlet); n != "" && OutletKey(n) != "" {
		return n
	}
	return hostOf(a.URL)
}

// displayForm is how an outlet name is shown: without a feed title's
// section, or as a host without "www.".
func displayForm(name string) string {
	name = strings.TrimSpace(name)
	if h := hostName(name); h != "" {
		return strings.TrimPrefix(h, "www.")
	}
	return cutSection(name)
}

// hostName returns the lower-case host when s is a URL or a bare host
// name ("harbour-times.example", "www.bbc.co.uk"), else "".
func hostName(s string) string {
	if strings.Contains(s, "://") {
		return hostOf(s)
	}
	if s == "" || strings.ContainsAny(s, " \t/") || !strings.Contains(s, ".") {
		return ""
	}
	labels := strings.Split(strings.ToLower(s), ".")
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return ""
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return ""
		}
	}
	for _, l := range labels[:len(labels)-1] {
		if l == "" {
			return ""
		}
	}
	return strings.ToLower(s)
}

// secondLevels are the labels under a country's domain that are not a
// site's own name ("bbc.co.uk", "abc.net.au").
var secondLevels = map[string]bool{"co": true, "com": true, "org": true, "net": true, "ac": true, "gov": true, "edu": true, "or": true, "ne": true, "gv": true}

// siteLabel is the label of a host that names the site: the one before
// the top-level domain (and a country's second level).
func siteLabel(host string) string {
	labels := strings.Split(host, ".")
	labels = labels[:len(labels)-1] // the top-level domain
	if n := len(labels); n >= 2 && secondLevels[labels[n-1]] && len(host[strings.LastIndex(host, ".")+1:]) == 2 {
		labels = labels[:n-1]
	}
	if len(labels) == 0 {
		return host
	}
	if n := len(labels); n >= 2 && platforms[labels[n-1]] {
		// jane.substack.com and abcnews.go.com are sites of their own on
		// a platform's domain: the label before the platform's names them.
		return labels[n-2]
	}
	return labels[len(labels)-1]
}

// platforms are domains whose subdomains are separate sites (blogs,
// newsletters, a media group's outlets), not sections of one.
var platforms = map[string]bool{
	"substack": true, "blogspot": true, "wordpress": true, "medium": true, "github": true, "tumblr": true,
	"go": true, "typepad": true, "livejournal": true, "beehiiv": true, "ghost": true, "wixsite": true, "weebly": true,
}

// cutSection drops the section a feed title adds to the outlet's name
// ("Harbour Times - World", "Harbour Times | Business").
func cutSection(name string) string {
	for _, sep := range []string{" - ", " | ", " – ", " — "} {
		if i := strings.Index(name, sep); i > 0 {
			name = name[:i]
		}
	}
	return strings.TrimSpace(name)
}

// hostOf is a URL's host without "www.", or "".
func hostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
