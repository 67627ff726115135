package canonurl

import "testing"

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://News.Example.com/a/b", "https://news.example.com/a/b"},
		{"HTTPS://news.example.com:443/a", "https://news.example.com/a"},
		{"http://news.example.com:80/a", "http://news.example.com/a"},
		{"http://news.example.com:8080/a", "http://news.example.com:8080/a"},
		{"https://news.example.com/a#comments", "https://news.example.com/a"},
		{"https://news.example.com/a?utm_source=x&utm_medium=email&id=7", "https://news.example.com/a?id=7"},
		{"https://news.example.com/a?fbclid=abc", "https://news.example.com/a"},
		{"https://news.example.com/a?b=2&a=1", "https://news.example.com/a?a=1&b=2"},
		{"https://news.example.com", "https://news.example.com/"},
		{"https://www.news.example.com/a/", "https://www.news.example.com/a/"},
		{"https://news.example.com/%7euser/a", "https://news.example.com/~user/a"},
		{"https://user:pw@news.example.com/a", "https://news.example.com/a"},
		{"  https://news.example.com/a?  ", "https://news.example.com/a"},
	}
	for _, tt := range tests {
		got, err := Canonical(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCanonicalRejects(t *testing.T) {
	for _, in := range []string{"", "ftp://x.example/a", "/relative/path", "mailto:a@b.c", "javascript:alert(1)", "http://"} {
		if got, err := Canonical(in); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", in, got)
		}
	}
}

func TestHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Harbour-Times.example/a": "harbour-times.example",
		"https://m.news.example/a":            "news.example",
		"not a url\x7f":                       "",
	} {
		if got := Host(in); got != want {
			t.Errorf("Host(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	f.Add("https://News.Example.com:443/a?utm_source=x&b=2&a=1#f")
	f.Add("http://[::1]:80/%7e?x")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		c2, err := Canonical(c)
		if err != nil || c2 != c {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", s, c, c2, err)
		}
	})
}
