package plaintext

import (
	"strings"
	"testing"
)

func TestJoinURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://harbour-times.example/business/2024/03/12/x", "https://harbour-times.example/business/2024/03/12/x"},
		{"https://www.harbour-times. example/business/2024/x", "https://www.harbour-times.example/business/2024/x"},
		{"https://harbour-times.example/ business/2024/x", "https://harbour-times.example/business/2024/x"},
		{"https://example.com 24/7", "https://example.com"},
		{"https://bbc.co.uk news/world", "https://bbc.co.uk"},
		{"https://en.example.org/wiki/Foo_(bar)", "https://en.example.org/wiki/Foo_(bar)"},
		{"https://example.org/story).", "https://example.org/story"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := joinURL(tt.in); got != tt.want {
			t.Errorf("joinURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCopyrightHolder(t *testing.T) {
	tests := []struct{ line, want string }{
		{"© 2024 Harbour Times. All rights reserved.", "Harbour Times"},
		{"Copyright 2019 The Associated Press. All rights reserved.", "The Associated Press"},
		{"Copyright (c) 2024 by Jane Roe", "Jane Roe"},
		{"© Getty Images", ""},
		{"© Jane Doe/AFP", ""},
		{"Copyright Policy", ""},
		{"© 2019 Hearst Communications, Inc. All rights reserved.", ""},
		{"The minister said the copyright law of 2019 was unfair.", ""},
	}
	for _, tt := range tests {
		if got := copyrightHolder(tt.line); got != tt.want {
			t.Errorf("copyrightHolder(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestOutletAndURLFromThePage(t *testing.T) {
	menu := "Home\n\nWorld\n\nBusiness\n\nSport\n\nhttps://twitter.com/harbourtimes\n\nSign In\n\nSubscribe\n\n"
	body := "Dock strike ends\n\nWorkers at the port of Kostrava voted on Tuesday to accept a 9 percent pay rise over two years, ending a strike that halted most container traffic.\n\nThe union said 71 percent of its members backed the offer. Cranes were expected to move again on Wednesday morning, the port authority said.\n\n"
	footer := "Photo: © Getty Images\n\nAbout Us\n\nContact\n\n© 2024 Harbour Times. All rights reserved.\n\nhttps://www.facebook.com/harbourtimes\n"
	r := Clean(menu + body + footer)
	if r.URL != "" {
		t.Errorf("URL = %q: a sharing link is not the article's address", r.URL)
	}
	if r.Outlet != "Harbour Times" {
		t.Errorf("Outlet = %q, want the page's own copyright line, not a photo credit", r.Outlet)
	}
	r = Clean(menu + body + footer + "\nhttps://harbour-times.example/business/2024/03/12/dock-strike-ends\n")
	if r.URL != "https://harbour-times.example/business/2024/03/12/dock-strike-ends" {
		t.Errorf("URL = %q, want the address pasted at the end", r.URL)
	}
	// A plain article with its address pasted under it.
	r = Clean(strings.TrimSpace(body) + "\n\nhttps://harbour-times.example/business/2024/03/12/dock-strike-ends")
	if r.URL != "https://harbour-times.example/business/2024/03/12/dock-strike-ends" || strings.Contains(strings.Join(r.Paragraphs, " "), "https://") {
		t.Errorf("URL %q, paragraphs %q", r.URL, r.Paragraphs)
	}
	r = Clean("Talks off\n\nLONDON, March 3 (Reuters) - Talks between the two governments were called off on Monday after a border shooting, officials said.")
	if r.Outlet != "Reuters" {
		t.Errorf("Outlet = %q, want the wire dateline's agency", r.Outlet)
	}
}
