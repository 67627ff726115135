// Package pgtest gives tests a PostgreSQL database of their own on the
// server that STORYWIRE_TEST_POSTGRES names (a URL whose user may create
// databases), so that tests of the PostgreSQL store and of the commands
// on it run against a real server and never see each other's data.
//
// Without STORYWIRE_TEST_POSTGRES a test that asks for a database is
// skipped, saying so; with STORYWIRE_TEST_POSTGRES_REQUIRE=1 (as CI sets
// it) it fails instead, so that a server missing in CI is not mistaken
// for a pass.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The environment variables that name the server and require it.
const (
	EnvURL     = "STORYWIRE_TEST_POSTGRES"
	EnvRequire = "STORYWIRE_TEST_POSTGRES_REQUIRE"
)

// Server returns the server's URL as STORYWIRE_TEST_POSTGRES gives it, or
// skips (fails, when required) the test when there is none.
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u != "" {
		return u
	}
	if os.Getenv(EnvRequire) == "1" {
		t.Fatalf("%s=1 but %s is not set: this run must test against PostgreSQL", EnvRequire, EnvURL)
	}
	t.Skipf("no PostgreSQL to test against: set %s to a server's URL (postgres://user@host:port/db; the user must be allowed to create databases)", EnvURL)
	return ""
}

// Database creates an empty database on the server and returns its URL;
// it is dropped when the test ends.
func Database(t testing.TB) string {
	t.Helper()
	server := Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("pgtest: connect to the test server (%s): %v", EnvURL, err)
	}
	defer conn.Close(context.Background())
	b := make([]byte, 6)
	rand.Read(b)
	name := "storywire_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		// FORCE: a pool the test left open must not keep the database.
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL: %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}
