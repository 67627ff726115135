package cli

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/pflag"

	"github.com/storywire/storywire/internal/app"
)

// natsOptions are the flags that name the distributed mode's queue.
type natsOptions struct {
	url  string
	name string
	// The consumer settings, given by the workers only.
	ackWait  time.Duration
	attempts int
}

// addNATSFlags gives a command --nats and --queue; usage says what --nats
// does for it.
func (o *natsOptions) addFlags(f *pflag.FlagSet, usage string) {
	f.StringVar(&o.url, "nats", "", usage)
	f.StringVar(&o.name, "queue", app.QueueOptions{}.Name, "name of the queue's streams and subjects on the NATS server (default storywire); every process of one deployment uses the same")
}

// on reports whether the command was given a queue.
func (o natsOptions) on() bool { return o.url != "" }

// dial connects to the queue.
func (o natsOptions) dial(ctx context.Context) (*app.Queue, error) {
	if o.url == "" {
		return nil, errors.New("give the NATS server with --nats nats://host:4222")
	}
	return app.DialQueue(ctx, o.url, app.QueueOptions{Name: o.name, AckWait: o.ackWait, Attempts: o.attempts})
}
