package plaintext

import (
	"net/url"
	"regexp"
	"strings"
)

// A page copy names its outlet and its address in the lines cleanup
// removes: the copyright footer, the agency in a wire dateline, a bare
// address pasted at the end. They are read here, after the article is cut
// out, so a name in the article's own sentences is never taken for one.

var (
	copyrightRe = regexp.MustCompile(`(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?(.{2,60}?)(?:\.?\s*all rights reserved.*|\.)?$`)
	agencyRe    = regexp.MustCompile(`^[\p{Lu}][\p{L}\d .,'’-]{1,60}\((AP|Reuters|AFP|Bloomberg|dpa|DPA|ANSA|EFE|Xinhua|TASS|Interfax|UPI|PA|CNN|AAP|Kyodo|Yonhap)\)\s*[-—–]`)
	// An address alone on its line, possibly split in two by a stray space.
	bareURLRe = regexp.MustCompile(`^https?://\S+(?:\s\S+)?$`)
)

// readSource sets the outlet from removed lines and the article's first
// paragraph, when the text has not set it already. The last copyright
// line is the page's own; those before it credit photos and quotes.
func (r *Result) readSource() {
	for i := len(r.Removed) - 1; i >= 0 && r.Outlet == ""; i-- {
		if k := r.Removed[i].Kind; k == "footer" || k == "page" {
			r.Outlet = copyrightHolder(r.Removed[i].Text)
		}
	}
	if r.Outlet == "" && len(r.Paragraphs) > 0 {
		if m := agencyRe.FindStringSubmatch(r.Paragraphs[0]); m != nil {
			r.Outlet = m[1]
		}
	}
}

// pastedURL returns the address standing alone among the last few blocks
// of texts (where a pasted copy records its source), or "". Links to
// social networks and sharing services are the page's, not its source.
func pastedURL(texts []string) string {
	seen := 0
	for i := len(texts) - 1; i >= 0 && seen < 5; i-- {
		t := strings.TrimSpace(texts[i])
		if t == "" {
			continue
		}
		seen++
		if !bareURLRe.MatchString(t) {
			continue
		}
		u := joinURL(t)
		if p, err := url.Parse(u); err == nil && !sharingHost(p.Hostname()) {
			return u
		}
	}
	return ""
}

// sharingHost tells the hosts of social networks, sharing buttons and link
// shorteners, whose addresses on a page are never the article's.
func sharingHost(host string) bool {
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	for _, h := range []string{"twitter.com", "x.com", "facebook.com", "fb.com", "instagram.com", "linkedin.com", "youtube.com", "youtu.be",
		"t.co", "bit.ly", "tiktok.com", "pinterest.com", "reddit.com", "whatsapp.com", "wa.me", "t.me", "telegram.me", "vk.com", "plus.google.com"} {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// joinURL reads the address at the start of s. A second part that a stray
// space or line break split off is joined when the first part stops where
// an address cannot end ("https://www.example. com/2024/x",
// "https://example.com/ 2024/x") and the second carries on its path.
func joinURL(s string) string {
	parts := strings.Fields(s)
	if len(parts) == 0 {
		return ""
	}
	u := parts[0]
	if len(parts) >= 2 && !strings.Contains(parts[1], "://") && strings.Contains(parts[1], "/") &&
		(strings.HasSuffix(u, ".") || strings.HasSuffix(u, "/") || strings.HasSuffix(u, "-")) {
		u += parts[1]
	}
	// A closing parenthesis ends the address only when it opened none.
	u = strings.TrimRight(u, ".,;")
	if strings.HasSuffix(u, ")") && strings.Count(u, "(") < strings.Count(u, ")") {
		u = strings.TrimSuffix(u, ")")
	}
	return u
}

// copyrightHolder reads "© 2024 Harbour Times. All rights reserved." as
// "Harbour Times"; "" for other lines, and for photo credits and
// publishing companies.
func copyrightHolder(line string) string {
	// "Copyright Policy" is a link; a holder comes with the sign or a year.
	if len(line) > 120 || !strings.Contains(line, "©") && !strings.Contains(strings.ToLower(line), "(c)") && !yearRe.MatchString(line) {
		return ""
	}
	if strings.Contains(line, "/") || isCreditLine(strings.TrimLeft(line, "©(c) ")) {
		return "" // "© Jane Doe/AFP": a photo's credit
	}
	m := copyrightRe.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return ""
	}
	name := m[1]
	if i := strings.IndexAny(name, "(|"); i >= 0 {
		name = name[:i]
	}
	name = strings.Trim(trailingYear.ReplaceAllString(name, ""), " ,.|-–:")
	lower := " " + strings.ToLower(name) + " "
	for _, w := range notOutletWords {
		if strings.Contains(lower, w) {
			return ""
		}
	}
	if n := len(strings.Fields(name)); n == 0 || n > 5 || strings.ContainsAny(name, "0123456789") {
		return ""
	}
	return name
}

var yearRe = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)

var trailingYear = regexp.MustCompile(`[\s,]+\d{4}$`)

// notOutletWords mark a copyright holder that is a publishing company
// (one company owns many outlets), a picture agency, or a line that is not
// a name.
var notOutletWords = []string{
	" inc", " llc", " ltd", " corporation", " corp ", " company", " holdings", " group ", " communications", " media network", " plc", " gmbh", " s.a", " ag ",
	" getty ", " images ", " shutterstock", " alamy", " photo", " istock",
	"rights", "reserved", "direitos", "derechos", "droits", "rechte", "права", "http", "www.", "unless", "otherwise",
}
