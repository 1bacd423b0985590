package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// On SQLite the writer connection does not checkpoint the write-ahead log itself
// (wal_autocheckpoint=0 on it). A checkpoint copies the log's pages into the database file
// and, with synchronous=FULL, fsyncs that file; run by the committing connection (SQLite's
// default, every 1,000 pages) it held the one writer for the whole copy, and every webhook
// queued behind that group waited: the tail of the acknowledgement latency. Here a
// connection of its own runs PASSIVE checkpoints, which never block the writer or the
// readers, a few times a second.
//
// A passive checkpoint under steady writes copies the log up to where it was when it
// started; by then the writer has appended more, and SQLite only starts the log over when
// a transaction begins on a log that is copied to its very end. So when the log passes
// walRestartPages, the checkpointer asks the group commit's next leader, which holds the
// one writer connection between two groups, to run a RESTART checkpoint first: it copies
// the short rest the passive ones left and the group writes from the start of the file
// again (journal_size_limit then trims the file). A second connection asking for RESTART
// itself would compete with the writer for its lock and could wait for ever under load.
const (
	checkpointEvery = 200 * time.Millisecond
	walRestartPages = 16384            // 64 MiB of 4 KiB pages
	walSizeLimit    = 64 * 1024 * 1024 // journal_size_limit, bytes
)

type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
	log  *slog.Logger

	restartPages      atomic.Int64 // walRestartPages; tests lower it
	restartDue        atomic.Bool  // the log is long: the next group leader restarts it
	passive, restarts atomic.Int64
}

// startCheckpointer opens the checkpointing connection on the SQLite file of dsn.
func startCheckpointer(dsn string, log *slog.Logger) (*checkpointer, error) {
	gdb, err := gorm.Open(sqlite.Open(sqlitePath(dsn)+"_pragma=busy_timeout(10000)&_pragma=journal_size_limit("+fmt.Sprint(walSizeLimit)+")"),
		&gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite checkpointer: %w", err)
	}
	db, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{}), log: log}
	c.restartPages.Store(walRestartPages)
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		c.step()
	}
}

// step runs one passive checkpoint and asks for a restart when the log is long.
func (c *checkpointer) step() {
	busy, frames, err := c.checkpoint()
	if err != nil {
		c.log.Warn("wal checkpoint", slog.String("error", err.Error()))
		return
	}
	c.passive.Add(1)
	// frames counts the log from its start: a log that keeps growing means the writer
	// never found it fully copied between two groups, so it never started over.
	if busy == 0 && int64(frames) > c.restartPages.Load() {
		c.restartDue.Store(true)
	}
}

// checkpoint runs one PASSIVE checkpoint; it returns SQLite's figures: whether it was
// blocked and the frames in the log.
func (c *checkpointer) checkpoint() (busy, frames int, err error) {
	var done int
	err = c.db.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &done)
	return busy, frames, err
}

// restartWALIfDue runs the RESTART checkpoint the checkpointer asked for. It is called by
// a group's leader before its transaction, on the writer connection.
func (s *Store) restartWALIfDue(ctx context.Context) {
	c := s.ckpt
	if c == nil || !c.restartDue.CompareAndSwap(true, false) {
		return
	}
	var busy, frames, done int
	if err := s.db.WithContext(ctx).Raw("PRAGMA wal_checkpoint(RESTART)").Row().Scan(&busy, &frames, &done); err != nil {
		s.log.Warn("wal checkpoint (restart)", slog.String("error", err.Error()))
		return
	}
	c.restarts.Add(1)
}

// close stops the loop and closes the connection.
func (c *checkpointer) close() {
	close(c.stop)
	<-c.done
	c.db.Close()
}
