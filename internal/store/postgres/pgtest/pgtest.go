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
	"fmt"
	"net/url"
	"os"
	"strings"
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
	u := Unborn(t)
	if err := exec(u, "CREATE DATABASE "); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// Unborn returns the URL of a database the server does not have, for a
// test of what creates one; it is dropped, if made, when the test ends.
func Unborn(t testing.TB) string {
	t.Helper()
	server := Server(t)
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL: %v", EnvURL, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	u.Path = "/storywire_test_" + hex.EncodeToString(b)
	db := u.String()
	t.Cleanup(func() {
		// FORCE: a pool the test left open must not keep the database.
		if err := exec(db, "DROP DATABASE IF EXISTS ", " WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return db
}

// exec runs prefix + the quoted name of the database db names + suffix
// on the server that STORYWIRE_TEST_POSTGRES names.
func exec(db, prefix string, suffix ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	u, err := url.Parse(db)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	conn, err := pgx.Connect(ctx, os.Getenv(EnvURL))
	if err != nil {
		return fmt.Errorf("connect to the test server (%s): %w", EnvURL, err)
	}
	defer conn.Close(context.Background())
	sql := prefix + pgx.Identifier{name}.Sanitize() + strings.Join(suffix, "")
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}
