package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/model"
)

// shortPublished is Published.Format for tables; an inferred date ends in
// "~" so it is never taken for a stated one.
func shortPublished(p model.Published) string {
	switch {
	case !p.Known():
		return "unknown"
	case p.Source == model.FromInferred:
		return p.Time.UTC().Format("2006-01-02") + "~"
	case p.Reliability == model.Day:
		return p.Time.UTC().Format("2006-01-02")
	default:
		return p.Local().Format("2006-01-02 15:04")
	}
}

// printArticleTable prints one line per article, each outlet under the
// one name dir gives it whatever its articles call it, as stories and
// compare show it.
func printArticleTable(w io.Writer, list []model.Article, dir model.OutletDirectory) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tOUTLET\tTITLE")
	for _, a := range list {
		title := truncate(a.Title, 70)
		if a.CopyOf != "" {
			title += "  (copy of " + a.CopyOf + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, shortPublished(a.Published), truncate(dir.Name(a), 24), title)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
