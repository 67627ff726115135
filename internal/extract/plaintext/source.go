package plaintext

import (
	"regexp"
	"strings"
)

// A page copy names its outlet and its address in the lines cleanup
// removes: the copyright footer, the agency in a wire dateline, a bare
// address pasted at the end. They are read here, after the article is cut
// out, so a name in the article's own sentences is never taken for one.

var (
	copyrightRe = regexp.MustCompile(`(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(.{2,60}?)(?:\.?\s*all rights reserved.*|\.)?$`)
	agencyRe    = regexp.MustCompile(`^[\p{Lu}][\p{L} .,'’-]{1,60}\((AP|Reuters|AFP|Bloomberg|dpa|DPA|ANSA|EFE|Xinhua|TASS|Interfax|UPI|PA|CNN|AAP|Kyodo|Yonhap)\)\s*[-—–]`)
	// An address split by a stray space or line break ("https://www.example.
	// com/2024/03/x") is joined when its parts carry no spaces of their own.
	bareURLRe = regexp.MustCompile(`^(https?://\S+?)(?:\s(\S*/\S*))?$`)
)

// readSource sets the outlet and URL from removed lines and the article's
// first paragraph, when the text has not set them already.
func (r *Result) readSource() {
	for _, rm := range r.Removed {
		if r.Outlet == "" && (rm.Kind == "footer" || rm.Kind == "page") {
			r.Outlet = copyrightHolder(rm.Text)
		}
	}
	if r.Outlet == "" && len(r.Paragraphs) > 0 {
		if m := agencyRe.FindStringSubmatch(r.Paragraphs[0]); m != nil {
			r.Outlet = m[1]
		}
	}
	if r.URL == "" {
		// The last address standing alone near the end of the page: where
		// a pasted copy records its source.
		for i := len(r.Removed) - 1; i >= 0 && i >= len(r.Removed)-5; i-- {
			if t := strings.TrimSpace(r.Removed[i].Text); bareURLRe.MatchString(t) {
				r.URL = joinURL(t)
				break
			}
		}
	}
}

// joinURL reads the address at the start of s, joining a second part that
// a stray space or line break split off ("https://www.example. com/2024/x")
// when that part has no spaces of its own and reads as the rest of a path.
func joinURL(s string) string {
	parts := strings.Fields(s)
	if len(parts) == 0 {
		return ""
	}
	u := parts[0]
	if len(parts) == 2 && strings.Contains(parts[1], "/") && !strings.Contains(parts[1], "://") &&
		(strings.HasSuffix(u, ".") || strings.HasSuffix(u, "/") || strings.HasPrefix(parts[1], "/") || strings.Count(u, "/") <= 2) {
		u += parts[1]
	}
	return strings.TrimRight(u, ".,;)")
}

// copyrightHolder reads "© 2024 Harbour Times. All rights reserved." as
// "Harbour Times"; "" for other lines.
func copyrightHolder(line string) string {
	// "Copyright Policy" is a link; a holder comes with the sign or a year.
	if len(line) > 120 || !strings.Contains(line, "©") && !strings.Contains(strings.ToLower(line), "(c)") && !yearRe.MatchString(line) {
		return ""
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
	lower := strings.ToLower(name)
	for _, w := range notOutletWords {
		if strings.Contains(" "+lower+" ", w) {
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
// (one company owns many outlets) or a line that is not a name.
var notOutletWords = []string{
	" inc", " llc", " ltd", " corporation", " corp", " company", " holdings", " group", " communications", " media network", " plc", " gmbh", " s.a", " ag ",
	"rights", "reserved", "direitos", "derechos", "droits", "rechte", "права", "http", "www.", "unless", "otherwise",
}
