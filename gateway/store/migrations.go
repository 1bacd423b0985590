package store

import (
	"github.com/ferryhealth/ferry/gateway/audit"
	"gorm.io/gorm"
)

// Migration is one versioned schema step. Versions only ever get appended; an applied
// version is never edited.
type Migration struct {
	Version int
	Name    string
	Up      func(tx *gorm.DB) error
}

// migrations is the ordered schema history.
var migrations = []Migration{
	{Version: 1, Name: "messages, jobs, links, conversations, audit chain", Up: func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(&Message{}, &Job{}, &Link{}, &Conversation{}, &audit.Event{}, &audit.Head{}); err != nil {
			return err
		}
		return audit.EnsureHead(tx)
	}},
	{Version: 2, Name: "audit checkpoints, auditor tokens", Up: audit.MigrateAuditorTables},
	{Version: 3, Name: "jobs.send_started_at (at most one reply when an instance dies mid-send)", Up: func(tx *gorm.DB) error {
		if tx.Migrator().HasColumn(&Job{}, "SendStartedAt") {
			return nil
		}
		return tx.Migrator().AddColumn(&Job{}, "SendStartedAt")
	}},
	{Version: 4, Name: "drop the unique index on audit_events.hash (seq is the key; the chain links the hashes)", Up: func(tx *gorm.DB) error {
		return tx.Exec("DROP INDEX IF EXISTS idx_audit_events_hash").Error
	}},
	{Version: 5, Name: "conversations keyed by pseudonym first (PostgreSQL)", Up: func(tx *gorm.DB) error {
		// A group locks its conversations with (platform, account_id, pseudonym) IN (...).
		// With the key in that order, every row of an account shares the first two
		// columns, and on a table that grew faster than autovacuum's statistics (any new
		// deployment's first burst) PostgreSQL walked the whole account's range and
		// filtered it: 7-13 ms a group at 15,000 conversations, the largest share of the
		// database's time under load. With the pseudonym first each tuple is one index
		// lookup whatever the statistics (0.07 ms). SQLite's planner looks each tuple up
		// either way.
		if tx.Dialector.Name() != "postgres" {
			return nil
		}
		return tx.Exec("ALTER TABLE conversations DROP CONSTRAINT conversations_pkey, ADD PRIMARY KEY (pseudonym, platform, account_id)").Error
	}},
}
