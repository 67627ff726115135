package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestPrivate(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "10.1.2.3": "private", "192.168.0.9": "private",
		"172.16.5.5": "private", "fd00::1": "private", "169.254.169.254": "link-local", "fe80::1": "link-local",
		"0.0.0.0": "unspecified", "239.1.2.3": "multicast", "100.64.1.1": "shared (carrier-grade NAT)",
		"::ffff:127.0.0.1": "loopback", "8.8.8.8": "", "2001:4860:4860::8888": "",
	} {
		if got := Private(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Private(%s) = %q, want %q", addr, got, want)
		}
	}
}

func TestRefusesLoopbackByDefault(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hi")) }))
	defer srv.Close()
	_, err := New(Options{}).Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "--allow-private") {
		t.Fatalf("err = %v, want ErrPrivateAddress with advice", err)
	}
}

func TestGet(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.UserAgent(), "Storywire-test") {
			t.Errorf("User-Agent %q", r.UserAgent())
		}
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write([]byte("<p>hello</p>"))
	})
	mux.HandleFunc("/gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write([]byte("compressed body"))
		gz.Close()
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 2048)) })
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte("<rss/>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := New(Options{AllowPrivate: true, UserAgent: "Storywire-test", Timeout: 300 * time.Millisecond, MaxBytes: 1024})
	ctx := context.Background()

	r, err := c.Get(ctx, Request{URL: srv.URL + "/page"})
	if err != nil || string(r.Body) != "<p>hello</p>" || r.ContentType != "text/html" || r.Charset != "windows-1251" {
		t.Fatalf("page: %+v %v", r, err)
	}
	r, err = c.Get(ctx, Request{URL: srv.URL + "/gz"})
	if err != nil || string(r.Body) != "compressed body" {
		t.Fatalf("gzip: %q %v", r.Body, err)
	}
	var se *StatusError
	if _, err = c.Get(ctx, Request{URL: srv.URL + "/missing"}); !errors.As(err, &se) || se.Code != 404 {
		t.Fatalf("404: %v", err)
	}
	if _, err = c.Get(ctx, Request{URL: srv.URL + "/loop"}); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("redirect loop: %v", err)
	}
	if _, err = c.Get(ctx, Request{URL: srv.URL + "/slow"}); err == nil {
		t.Fatal("slow: want a timeout")
	}
	if _, err = c.Get(ctx, Request{URL: srv.URL + "/big"}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("big: %v", err)
	}
	r, err = c.Get(ctx, Request{URL: srv.URL + "/feed"})
	if err != nil || r.ETag != `"v1"` {
		t.Fatalf("feed: %+v %v", r, err)
	}
	r, err = c.Get(ctx, Request{URL: srv.URL + "/feed", ETag: r.ETag})
	if err != nil || !r.NotModified {
		t.Fatalf("conditional GET: %+v %v", r, err)
	}
	if _, err = c.Get(ctx, Request{URL: "ftp://example.com/x"}); err == nil {
		t.Fatal("ftp: want an error")
	}
}

func TestCacheHeaders(t *testing.T) {
	for _, tc := range []struct {
		cc   string
		want time.Duration
	}{
		{"max-age=600", 10 * time.Minute},
		{"public, max-age=60, must-revalidate", time.Minute},
		{"no-cache, max-age=600", 0},
		{"max-age=abc", 0},
		{"", 0},
	} {
		if got := maxAge(tc.cc); got != tc.want {
			t.Errorf("maxAge(%q) = %v, want %v", tc.cc, got, tc.want)
		}
	}
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		h    http.Header
		want time.Duration
	}{
		{http.Header{"Retry-After": {"120"}}, 2 * time.Minute},
		{http.Header{"Retry-After": {date.Add(time.Hour).Format(http.TimeFormat)}, "Date": {date.Format(http.TimeFormat)}}, time.Hour},
		{http.Header{"Retry-After": {"-5"}}, 0},
		{http.Header{"Retry-After": {"soon"}}, 0},
		{http.Header{}, 0},
	} {
		if got := retryAfter(tc.h); got != tc.want {
			t.Errorf("retryAfter(%v) = %v, want %v", tc.h, got, tc.want)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "90")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	_, err := New(Options{AllowPrivate: true}).Get(context.Background(), Request{URL: srv.URL})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 || se.RetryAfter != 90*time.Second {
		t.Fatalf("429: %v (%+v)", err, se)
	}
}
