// Package storetest gives tests a fresh database: a SQLite file in a temp dir, or a new
// database on the real PostgreSQL server named by FERRY_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres). A missing PostgreSQL skips the test
// locally and fails it under CI=true.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgres is used when FERRY_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects lists the databases every storage test runs on.
var Dialects = []string{"sqlite", "postgres"}

// DSN returns a fresh database of the given dialect for t.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "ferry.db")
	}
	return PostgresDSN(t)
}

// PostgresDSN creates a database for t and drops it when t ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("FERRY_TEST_POSTGRES")
	if admin == "" {
		admin = DefaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true and is not reachable at FERRY_TEST_POSTGRES: %v", err)
		}
		t.Skipf("PostgreSQL not reachable (set FERRY_TEST_POSTGRES): %v", err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "ferry_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("FERRY_TEST_POSTGRES is not a URL")
	}
	u.Path = "/" + name
	return u.String()
}
