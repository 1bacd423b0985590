// Package audittest holds test helpers for the audit and admin packages: fresh SQLite and
// PostgreSQL databases with the audit tables, a messages table like the store's, and an
// in-process Ed25519 signer for unit tests that need no Vault.
package audittest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DefaultPostgres is used when FERRY_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// CI reports whether tests run under CI=true, where a missing service fails the test.
func CI() bool { return os.Getenv("CI") == "true" }

// Unavailable skips the test, or fails it under CI=true.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if CI() {
		t.Fatalf(format+" (CI=true: required)", args...)
	}
	t.Skipf(format, args...)
}

// Message mirrors the store's messages table (the columns the audit side reads and purges).
type Message struct {
	ID              int64  `gorm:"primaryKey"`
	Platform        string `gorm:"size:24;not null"`
	PlatformMsgID   string `gorm:"size:191;not null"`
	SenderPseudonym string `gorm:"size:64;index"`
	Kind            string `gorm:"size:16;not null;default:text"`
	RedactedText    string `gorm:"type:text"`
	Categories      string `gorm:"size:512"`
	Clinical        bool   `gorm:"not null;default:false"`
	ReceivedAt      time.Time
	CreatedAt       time.Time
	PurgedAt        *time.Time
}

// TableName fixes the table name.
func (Message) TableName() string { return "messages" }

// gormCfg returns a new config per Open: gorm keeps the connection pool in it.
func gormCfg() *gorm.Config {
	return &gorm.Config{Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }}
}

// Migrate creates the audit tables, the head row and a messages table.
func Migrate(t testing.TB, db *gorm.DB) {
	t.Helper()
	if err := db.AutoMigrate(&audit.Event{}, &audit.Head{}, &Message{}); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := audit.MigrateAuditorTables(db); err != nil {
		t.Fatalf("migrate auditor tables: %v", err)
	}
	if err := audit.EnsureHead(db); err != nil {
		t.Fatalf("ensure head: %v", err)
	}
}

// SQLite opens a migrated SQLite database in a temp dir, set up like the store's.
func SQLite(t testing.TB) *gorm.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ferry.db")
	db, err := gorm.Open(sqlite.Open(path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"), gormCfg())
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(1)
	t.Cleanup(func() { sqlDB.Close() })
	Migrate(t, db)
	return db
}

// Postgres creates a fresh database ferry_test_<random> on the server named by
// FERRY_TEST_POSTGRES, migrates it, and drops it when the test ends.
func Postgres(t testing.TB) *gorm.DB {
	t.Helper()
	db, _ := PostgresDSN(t)
	Migrate(t, db)
	return db
}

// PostgresDSN is Postgres without migrating; it also returns the database's DSN.
func PostgresDSN(t testing.TB) (*gorm.DB, string) {
	t.Helper()
	base := os.Getenv("FERRY_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgres
	}
	admin, err := gorm.Open(postgres.Open(base), gormCfg())
	if err == nil {
		sqlDB, _ := admin.DB()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = sqlDB.PingContext(ctx)
		cancel()
		if err != nil {
			sqlDB.Close()
		}
	}
	if err != nil {
		Unavailable(t, "postgres at FERRY_TEST_POSTGRES unavailable: %v", err)
	}
	adminSQL, _ := admin.DB()
	var rnd [6]byte
	rand.Read(rnd[:])
	name := "ferry_test_" + hex.EncodeToString(rnd[:])
	if err := admin.Exec("CREATE DATABASE " + name).Error; err != nil {
		adminSQL.Close()
		t.Fatalf("create database %s: %v", name, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse FERRY_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	dsn := u.String()
	db, err := gorm.Open(postgres.Open(dsn), gormCfg())
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(32)
	t.Cleanup(func() {
		sqlDB.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		adminSQL.Close()
	})
	return db, dsn
}

// EachDB runs f as a subtest on SQLite and on PostgreSQL.
func EachDB(t *testing.T, f func(t *testing.T, db *gorm.DB)) {
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
}

// KeySigner is an in-process stand-in for Transit's ed25519 signing, for unit tests of
// code written against the audit.Signer interface. Vault-backed tests use the real client.
type KeySigner struct {
	mu   sync.Mutex
	keys map[string]map[int]ed25519.PrivateKey
}

// NewKeySigner returns a signer whose keys are created on first use (version 1).
func NewKeySigner() *KeySigner { return &KeySigner{keys: map[string]map[int]ed25519.PrivateKey{}} }

func (s *KeySigner) versions(key string) map[int]ed25519.PrivateKey {
	v := s.keys[key]
	if v == nil {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		v = map[int]ed25519.PrivateKey{1: priv}
		s.keys[key] = v
	}
	return v
}

// Rotate adds a new version of key and returns it.
func (s *KeySigner) Rotate(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.versions(key)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	v[len(v)+1] = priv
	return len(v)
}

// Sign signs with version (0 = latest).
func (s *KeySigner) Sign(_ context.Context, key string, version int, data []byte) ([]byte, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.versions(key)
	if version == 0 {
		version = len(v)
	}
	priv, ok := v[version]
	if !ok {
		return nil, 0, fmt.Errorf("key %s has no version %d", key, version)
	}
	return ed25519.Sign(priv, data), version, nil
}

// LatestVersion returns the newest version of key.
func (s *KeySigner) LatestVersion(_ context.Context, key string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.versions(key)), nil
}

// PublicKeys returns every version's public key.
func (s *KeySigner) PublicKeys(_ context.Context, key string) (map[int]ed25519.PublicKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int]ed25519.PublicKey{}
	for n, p := range s.versions(key) {
		out[n] = p.Public().(ed25519.PublicKey)
	}
	return out, nil
}
