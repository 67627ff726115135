// Package servertest starts storywire's HTTP server for the tests of the
// API and of the web UI.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/server"
)

// Quiet returns a logger that writes nothing.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Serve starts storywire serve's whole handler (API and UI) over a on a
// loopback httptest server, with the stories loaded, and closes it when
// the test ends.
func Serve(t testing.TB, a *app.App, o server.Options) *httptest.Server {
	t.Helper()
	if o.Logger == nil {
		o.Logger = Quiet()
	}
	s, err := server.New(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		// A client still reading the event stream (a browser's open page)
		// holds its connection: cut it, or Close waits for it.
		ts.CloseClientConnections()
		ts.Close()
	})
	return ts
}
