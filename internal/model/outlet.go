package model

import (
	"net/url"
	"path"
	"strings"
)

// OutletNames names the outlet of each of a set of articles (by article
// ID), the same way wherever articles are grouped by outlet: the name
// extraction found; else the name another of the articles from the same
// web host carries (a page without a masthead is still that outlet's);
// else the host; else the file the article came from. Two articles with
// nothing to name their outlet are never lumped into one "unknown"
// outlet, which would look like one source.
func OutletNames(arts []Article) map[string]string {
	byHost := map[string]string{}
	for _, a := range arts {
		if name, host := strings.TrimSpace(a.Outlet), hostOf(a.URL); name != "" && host != "" {
			if old, ok := byHost[host]; !ok || name < old {
				byHost[host] = name // the same name whatever the order
			}
		}
	}
	out := make(map[string]string, len(arts))
	for _, a := range arts {
		name := strings.TrimSpace(a.Outlet)
		switch host := hostOf(a.URL); {
		case name != "":
		case byHost[host] != "":
			name = byHost[host]
		case host != "":
			name = host
		case a.Origin != "":
			name = "(unknown: " + path.Base(strings.ReplaceAll(a.Origin, "\\", "/")) + ")"
		default:
			name = "(unknown: " + a.ID + ")"
		}
		out[a.ID] = name
	}
	return out
}

// hostOf is a URL's host without "www.", or "".
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
