// Package store keeps Ferry's records with gorm, on SQLite (the embedded default) or
// PostgreSQL: inbound messages (redacted), delivery jobs, links, conversations and the
// audit chain, with versioned migrations. Every write that must be atomic is one method.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/logger"
)

// Store wraps the database.
type Store struct {
	db    *gorm.DB
	rdb   *gorm.DB // reads that need no transaction: a pool of read-only connections on SQLite
	log   *slog.Logger
	now   func() time.Time
	group groupCommit    // Ingest's group commit
	async sync.WaitGroup // writes queued by writeAsync, awaited by Close
	linkQ struct {       // the prepared link read (links.go)
		once sync.Once
		stmt *sql.Stmt
		err  error
	}
}

// Open connects to "sqlite:PATH" or a postgres:// DSN and applies migrations.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	db, err := Connect(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, rdb: db, log: log.With("comp", "store"), now: time.Now}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	if strings.HasPrefix(dsn, "sqlite:") {
		// SQLite has one writer connection, held by each group transaction while it
		// commits; in WAL mode readers never wait for it, so reads on the hot paths (a
		// link's state on the landing page) use their own connections.
		rdb, err := gorm.Open(sqlite.Open(sqlitePath(dsn)+"_pragma=busy_timeout(10000)&_pragma=query_only(1)&_pragma=temp_store(MEMORY)"),
			&gorm.Config{Logger: logger.Discard})
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite readers: %w", err)
		}
		sqlDB, _ := rdb.DB()
		sqlDB.SetMaxOpenConns(2)
		sqlDB.SetMaxIdleConns(2)
		s.rdb = rdb
	}
	return s, nil
}

// Connect opens the database without migrating.
func Connect(dsn string) (*gorm.DB, error) {
	cfg := &gorm.Config{Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }}
	var (
		db  *gorm.DB
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		// synchronous(FULL): a commit is on disk (fsync of the WAL) before a webhook gets its
		// 200, so an acknowledged message survives a power loss, not only a crash; the group
		// commit pays one fsync per group.
		db, err = gorm.Open(sqlite.Open(sqlitePath(dsn)+"_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-8000)&_txlock=immediate"), cfg)
		if err == nil {
			// No RETURNING on SQLite: SQLite implements it as a trigger, which turns every
			// INSERT into a multi-write statement with its own in-memory statement journal
			// (a copy of each page touched, in 64 KiB chunks that the pure-Go allocator maps
			// and unmaps every time); about a third of an acknowledgement's CPU went there.
			// gorm takes the new id from LastInsertId instead (one connection, so exact).
			err = db.Callback().Create().Replace("gorm:create", callbacks.Create(&callbacks.Config{
				CreateClauses: []string{"INSERT", "VALUES", "ON CONFLICT"}, LastInsertIDReversed: true}))
		}
		if err == nil {
			sqlDB, _ := db.DB()
			// SQLite has one writer; one connection serialises transactions cleanly.
			sqlDB.SetMaxOpenConns(1)
		}
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = gorm.Open(postgres.Open(dsn), cfg)
		if err == nil {
			sqlDB, _ := db.DB()
			sqlDB.SetMaxOpenConns(32)
			sqlDB.SetMaxIdleConns(16)
			sqlDB.SetConnMaxLifetime(30 * time.Minute)
		}
	default:
		return nil, errors.New("store: database must be sqlite:PATH or a postgres:// DSN")
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s database: %w", dialect(dsn), err)
	}
	return db, nil
}

// sqlitePath is the file part of a sqlite: DSN, ready for more parameters.
func sqlitePath(dsn string) string {
	path := strings.TrimPrefix(dsn, "sqlite:")
	if strings.Contains(path, "?") {
		return path + "&"
	}
	return path + "?"
}

func dialect(dsn string) string {
	if strings.HasPrefix(dsn, "sqlite:") {
		return "sqlite"
	}
	return "postgres"
}

// DB exposes the gorm handle for read-side packages (audit, admin).
func (s *Store) DB() *gorm.DB { return s.db }

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.db.Dialector.Name() }

// SetNow replaces the clock (tests).
func (s *Store) SetNow(f func() time.Time) { s.now = f }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the pools.
func (s *Store) Close() error {
	s.async.Wait()
	if s.linkQ.stmt != nil {
		s.linkQ.stmt.Close()
	}
	if s.rdb != s.db {
		if sqlDB, err := s.rdb.DB(); err == nil {
			sqlDB.Close()
		}
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Migrate applies pending migrations in order, each in its own transaction. On
// PostgreSQL an advisory lock keeps several instances from migrating at once.
func (s *Store) Migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if s.Dialect() == "postgres" {
		if err := db.Exec("SELECT pg_advisory_lock(727274)").Error; err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		defer db.Exec("SELECT pg_advisory_unlock(727274)")
	}
	if err := db.AutoMigrate(&SchemaMigration{}); err != nil {
		return fmt.Errorf("store: schema_migrations: %w", err)
	}
	var applied []SchemaMigration
	if err := db.Find(&applied).Error; err != nil {
		return fmt.Errorf("store: read schema_migrations: %w", err)
	}
	done := map[int]bool{}
	for _, m := range applied {
		done[m.Version] = true
	}
	for _, m := range migrations {
		if done[m.Version] {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := m.Up(tx); err != nil {
				return err
			}
			return tx.Create(&SchemaMigration{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.Version, m.Name, err)
		}
		s.log.Info("migration applied", slog.Int("version", m.Version), slog.String("name", m.Name))
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.WithContext(ctx).Model(&SchemaMigration{}).Select("COALESCE(MAX(version),0)").Scan(&v).Error
	return v, err
}
