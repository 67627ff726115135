package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func (a *cli) queueCommand() *cobra.Command {
	var o natsOptions
	c := &cobra.Command{
		Use:   "queue status|failures --nats URL",
		Short: "Show the distributed mode's queue: work waiting, in hand, for the clusterer, and failures",
	}
	o.addFlags(c.PersistentFlags(), "the NATS server with JetStream, e.g. nats://queue.example:4222 (required)")
	status := &cobra.Command{
		Use:   "status --nats URL",
		Short: "Count the items waiting for a worker, those workers hold, the stored articles waiting for the clusterer, and the failures kept",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runQueueStatus(cmd.Context(), o)
		},
	}
	a.addJSONFlag(status)
	var limit int
	failures := &cobra.Command{
		Use:   "failures --nats URL [--limit N]",
		Short: "List the latest items that could not be ingested, with their reasons (kept 30 days)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runQueueFailures(cmd.Context(), o, limit)
		},
	}
	failures.Flags().IntVar(&limit, "limit", 20, "how many, newest first")
	a.addJSONFlag(failures)
	c.AddCommand(status, failures)
	return c
}

// queueStatus is the JSON shape of storywire queue status.
type queueStatus struct {
	Waiting          uint64 `json:"waiting"`
	Working          int    `json:"working"`
	Redelivered      int    `json:"redelivered"`
	ToCluster        uint64 `json:"to_cluster"`
	ClustererHolding int    `json:"clusterer_holding"`
	Failed           uint64 `json:"failed"`
}

func (a *cli) runQueueStatus(ctx context.Context, o natsOptions) error {
	q, err := o.dial(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	st, err := q.Status(ctx)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, queueStatus{st.Waiting, st.Working, st.Redelivered, st.Stored, st.ClustererWorking, st.Failed})
	}
	w := a.env.Stdout
	fmt.Fprintf(w, "Queue %s on %s\n", q.Options().Name, q.Where())
	fmt.Fprintf(w, "  items waiting for a worker   %d\n", st.Waiting)
	fmt.Fprintf(w, "  items workers hold           %d (%d delivered more than once)\n", st.Working, st.Redelivered)
	fmt.Fprintf(w, "  stored, not yet clustered    %d (%d held by the clusterer)\n", st.Stored, st.ClustererWorking)
	fmt.Fprintf(w, "  failures kept                %d\n", st.Failed)
	return nil
}

func (a *cli) runQueueFailures(ctx context.Context, o natsOptions, limit int) error {
	q, err := o.dial(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	fs, err := q.Failures(ctx, limit)
	if err != nil {
		return err
	}
	if a.json {
		type failure struct {
			Origin   string `json:"origin"`
			Reason   string `json:"reason"`
			Attempts int    `json:"attempts"`
			At       string `json:"at"`
		}
		out := make([]failure, 0, len(fs))
		for _, f := range fs {
			out = append(out, failure{f.Origin, f.Reason, f.Attempts, f.At.Format(time.RFC3339)})
		}
		return writeJSON(a.env.Stdout, out)
	}
	if len(fs) == 0 {
		fmt.Fprintln(a.env.Stdout, "No failures kept.")
		return nil
	}
	for _, f := range fs {
		fmt.Fprintf(a.env.Stdout, "%s  %s\n  %s\n", f.At.Local().Format("2006-01-02 15:04:05"), f.Origin, f.Reason)
	}
	return nil
}
