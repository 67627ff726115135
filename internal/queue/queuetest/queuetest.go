// Package queuetest runs a NATS server with JetStream inside a test's own
// process, its store in the test's temporary folder, so that tests of
// the distributed mode talk to a real JetStream without anything
// installed. It is imported by tests only: the binary carries no server.
package queuetest

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// Server is an in-process NATS server with JetStream.
type Server struct {
	srv *server.Server
}

// Start starts a server that takes in-process connections only (Conn);
// it is shut down when the test ends.
func Start(t testing.TB) *Server { return start(t, true) }

// Listen starts a server that also listens on a free loopback port (URL),
// for processes the test starts; it is shut down when the test ends.
func Listen(t testing.TB) *Server { return start(t, false) }

func start(t testing.TB, inProcessOnly bool) *Server {
	t.Helper()
	opts := &server.Options{
		ServerName: "storywire-test",
		JetStream:  true,
		StoreDir:   t.TempDir(),
		DontListen: inProcessOnly,
		Host:       "127.0.0.1",
		Port:       -1, // a free port
		NoLog:      true,
		NoSigs:     true,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("queuetest: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		t.Fatal("queuetest: the NATS server did not start within 10 s")
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	return &Server{srv: srv}
}

// Conn opens an in-process connection, closed when the test ends.
func (s *Server) Conn(t testing.TB) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect("", nats.InProcessServer(s.srv))
	if err != nil {
		t.Fatalf("queuetest: connect: %v", err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// URL is where a Listen server listens.
func (s *Server) URL() string { return s.srv.ClientURL() }
