package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrPrivateAddress is returned (wrapped) for a destination on a private,
// loopback or link-local network when those are not allowed.
var ErrPrivateAddress = errors.New("private address")

// StatusError is an HTTP answer other than success.
type StatusError struct {
	URL  string
	Code int
	// RetryAfter is how long the server asked to wait (429, 503); zero
	// when it did not say.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// Options configure a Client. The zero value gives sensible limits.
type Options struct {
	Timeout      time.Duration // whole request, body included; 30s when 0
	MaxBytes     int64         // largest body; 20 MiB when 0
	MaxRedirects int           // 5 when 0
	UserAgent    string
	AllowPrivate bool // allow loopback, private and link-local destinations
}

// Client fetches documents. It is safe for concurrent use.
type Client struct {
	opts Options
	http *http.Client
}

// New returns a Client.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 20 << 20
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = 5
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "Storywire (+https://github.com/storywire/storywire)"
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		// Checked at dial time on the resolved address, so a public name
		// that resolves (or is redirected) to a private address is refused
		// too.
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil {
				return fmt.Errorf("%w: cannot read address %q", ErrPrivateAddress, host)
			}
			if why := Private(ip); why != "" {
				return fmt.Errorf("%w: %s is %s address (use --allow-private to allow private, loopback and link-local addresses)", ErrPrivateAddress, ip, withArticle(why))
			}
			return nil
		}
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opts.Timeout, // a slow server gets all of --timeout to answer, not a fixed share
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
	}
	c := &Client{opts: opts}
	c.http = &http.Client{
		Transport: transport,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", opts.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			return nil
		},
	}
	return c
}

// Private names the kind of a non-public address ("loopback", "private",
// "link-local", ...), or "" for a public one.
func Private(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	case cgnat.Contains(ip):
		return "shared (carrier-grade NAT)"
	}
	return ""
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// withArticle puts "a" or "an" before a kind Private names.
func withArticle(kind string) string {
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// Get fetches req.URL. A non-2xx answer is a *StatusError; 304 to a
// conditional request is a Response with NotModified.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	lower := strings.ToLower(req.URL)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return nil, fmt.Errorf("fetch: %s: only http and https URLs can be fetched", req.URL)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", req.URL, err)
	}
	hreq.Header.Set("User-Agent", c.opts.UserAgent)
	hreq.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	// The transport asks for gzip and undoes it itself, as long as we do
	// not set Accept-Encoding here.
	resp, err := c.http.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", req.URL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		StatusCode:   resp.StatusCode,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FetchedAt:    time.Now().UTC(),
		MaxAge:       maxAge(resp.Header.Get("Cache-Control")),
		RetryAfter:   retryAfter(resp.Header),
	}
	if resp.StatusCode == http.StatusNotModified && (req.ETag != "" || req.LastModified != "") {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch: %w", &StatusError{URL: req.URL, Code: resp.StatusCode, RetryAfter: out.RetryAfter})
	}
	if mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil {
		out.ContentType = strings.ToLower(mt)
		out.Charset = params["charset"]
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: read body: %w", req.URL, unwrapURLError(err))
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch: %s: response is larger than the %d-byte limit: raise it with --max-size", req.URL, c.opts.MaxBytes)
	}
	out.Body = body
	return out, nil
}

// unwrapURLError drops the *url.Error wrapper, whose message repeats the
// method and URL the caller already names.
func unwrapURLError(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && strings.HasPrefix(err.Error(), "Get ") {
		return ue.Unwrap()
	}
	return err
}

// maxAge reads max-age from a Cache-Control header; zero when absent or
// when the response may not be reused (no-store, no-cache).
func maxAge(cc string) time.Duration {
	var age time.Duration
	for _, d := range strings.Split(cc, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(k) {
		case "no-store", "no-cache":
			return 0
		case "max-age":
			if n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64); err == nil && n > 0 {
				age = time.Duration(min(n, maxHeaderSeconds)) * time.Second
			}
		}
	}
	return age
}

// retryAfter reads Retry-After, in seconds or as an HTTP date. A date is
// taken relative to the response's own Date header when there is one, so
// a skewed local clock does not change the wait.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, maxHeaderSeconds)) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	now := time.Now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	return max(at.Sub(now), 0)
}

// maxHeaderSeconds bounds what a header can ask for (a year), so a huge
// number cannot overflow a Duration.
const maxHeaderSeconds = 365 * 24 * 3600
