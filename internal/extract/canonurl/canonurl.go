// Package canonurl gives article URLs one canonical form, so the same page
// reached through a newsletter link, a social share and the site's own
// front page is recognised as one article.
package canonurl

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that say how a reader arrived, not
// which page they read. Parameters starting with "utm_" are removed too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "ref": true, "ref_src": true,
	"ref_url": true, "cmpid": true, "cmp": true, "ncid": true, "ocid": true, "spm": true,
	"share": true, "s_cid": true, "smid": true, "smtyp": true, "taid": true, "mbid": true,
	"at_medium": true, "at_campaign": true, "guccounter": true, "guce_referrer": true,
	"guce_referrer_sig": true, "src": true, "via": true, "ito": true, "icid": true, "feature": true,
	"__twitter_impression": true, "amp": true, "outputtype": true,
}

// Canonical returns the canonical form of an http(s) URL: lower-case scheme
// and host, no default port, no fragment, no tracking parameters, the rest
// of the query sorted, and percent-encoding normalised. It does not guess
// at "www." or trailing slashes: those can name different pages.
func Canonical(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("canonurl: %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonurl: %q: not an http(s) URL", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("canonurl: %q: no host", raw)
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", fmt.Errorf("canonurl: %q: no host", raw)
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	// Re-encode the path so %7E and ~ compare equal and hex is upper case.
	u.RawPath = ""

	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			// A query Go cannot parse is kept as it is rather than dropped.
			q = nil
		}
		if q != nil {
			keys := make([]string, 0, len(q))
			for k := range q {
				lk := strings.ToLower(k)
				if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
					continue
				}
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				vals := q[k]
				sort.Strings(vals)
				for _, v := range vals {
					parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
				}
			}
			u.RawQuery = strings.Join(parts, "&")
		}
	}
	u.ForceQuery = false
	return u.String(), nil
}

// Host returns the host of a URL for display as an outlet when nothing
// better is known: lower case, without "www.", "m." or "amp.".
func Host(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	for _, p := range []string{"www.", "m.", "amp.", "mobile."} {
		h = strings.TrimPrefix(h, p)
	}
	return h
}
