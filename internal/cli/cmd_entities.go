package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func (a *cli) entitiesCommand() *cobra.Command {
	var f store.EntityFilter
	c := &cobra.Command{
		Use:   "entities [--type PER|ORG|LOC|MISC] [--query NAME]",
		Short: "List the people, organisations and places found, with their names and how often they appear",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runEntities(cmd.Context(), f)
		},
	}
	c.Flags().StringVar(&f.Type, "type", "", "only this type: PER, ORG, LOC or MISC")
	c.Flags().StringVar(&f.Query, "query", "", "only entities with a name containing this")
	c.Flags().IntVar(&f.Limit, "limit", 50, "at most this many (0: all)")
	a.addJSONFlag(c)
	return c
}

func (a *cli) entityCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "entity ID|NAME",
		Short: "Show one entity: its names, roles, affiliations and the articles that mention it",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runEntity(cmd.Context(), strings.Join(args, " "))
		},
	}
	a.addJSONFlag(c)
	return c
}

func (a *cli) runEntities(ctx context.Context, f store.EntityFilter) error {
	switch strings.ToUpper(f.Type) {
	case "", "PER", "ORG", "LOC", "MISC":
	default:
		return fmt.Errorf("unknown type %q: use PER, ORG, LOC or MISC", f.Type)
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	list, err := sw.Entities(ctx, f)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.NewEntities(list))
	}
	if len(list) == 0 {
		fmt.Fprintln(a.env.Stdout, "No entities. Articles are analysed as they are ingested; run storywire analyze --all for ones ingested with --no-analyze.")
		return nil
	}
	fmt.Fprintf(a.env.Stdout, "%6s  %-4s  %-28s  %8s  %8s  %s\n", "ID", "TYPE", "NAME", "MENTIONS", "ARTICLES", "ALSO WRITTEN")
	for _, e := range list {
		var also []string
		for _, al := range e.Aliases {
			if al.Text != e.Name {
				also = append(also, fmt.Sprintf("%s (%d)", al.Text, al.Count))
			}
		}
		fmt.Fprintf(a.env.Stdout, "%6d  %-4s  %-28s  %8d  %8d  %s\n", e.ID, e.Type, truncate(e.Name, 28), e.Mentions, e.Articles, truncate(strings.Join(also, ", "), 60))
	}
	return nil
}

func (a *cli) runEntity(ctx context.Context, ref string) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	v, err := sw.EntityView(ctx, ref)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.NewEntityDetail(v))
	}
	printEntity(a.env.Stdout, v.Entity, v.Articles)
	return nil
}

func printEntity(w io.Writer, e model.Entity, arts []store.EntityArticle) {
	fmt.Fprintf(w, "%s\n%s\n\n", e.Name, strings.Repeat("=", min(len([]rune(e.Name)), 78)))
	fmt.Fprintf(w, "%-11s %d\n%-11s %s\n", "ID:", e.ID, "Type:", e.Type)
	if e.Country != "" {
		fmt.Fprintf(w, "%-11s %s\n", "Country:", e.Country)
	}
	fmt.Fprintf(w, "%-11s %d in %d articles\n", "Mentions:", e.Mentions, e.Articles)
	var names []string
	for _, al := range e.Aliases {
		names = append(names, fmt.Sprintf("%s (%d)", al.Text, al.Count))
	}
	fmt.Fprintf(w, "%-11s %s\n", "Written as:", strings.Join(names, ", "))
	if len(e.Roles) > 0 {
		fmt.Fprintln(w, "\nRoles:")
		for _, r := range e.Roles {
			role := r.Role
			if r.Affiliation != "" {
				role += " (" + r.Affiliation + ")"
			}
			fmt.Fprintf(w, "  %-10s  %-40s  %s\n", shortPublished(r.Published), truncate(role, 40), r.ArticleID)
		}
	}
	if len(arts) > 0 {
		fmt.Fprintln(w, "\nMentioned in:")
		for _, ea := range arts {
			fmt.Fprintf(w, "  %-10s  %-20s  %2dx  %s  %s\n", shortPublished(ea.Article.Published), truncate(orDash(ea.Article.Outlet), 20), ea.Count, ea.Article.ID[:12], truncate(ea.Article.Title, 50))
		}
	}
}
