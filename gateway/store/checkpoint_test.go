package store

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"gorm.io/gorm"
)

func openSQLiteFile(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ferry.db")
	s, err := Open(context.Background(), "sqlite:"+path, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestWriterLeavesCheckpointsToTheCheckpointer(t *testing.T) {
	s, path := openSQLiteFile(t)
	var auto int
	if err := s.db.Raw("PRAGMA wal_autocheckpoint").Scan(&auto).Error; err != nil || auto != 0 {
		t.Fatalf("writer wal_autocheckpoint = %d (%v), want 0", auto, err)
	}
	if err := s.db.Exec("CREATE TABLE scratch (x BLOB)").Error; err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	blob := strings.Repeat("x", 3000)
	for i := 0; i < 3; i++ {
		err := s.db.Transaction(func(tx *gorm.DB) error {
			for j := 0; j < 400; j++ { // ~1,200 pages in all, past SQLite's default autocheckpoint
				if err := tx.Exec("INSERT INTO scratch (x) VALUES (?)", blob).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.ckpt.passive.Load() < 2 || fileSize(t, path) <= before+3_000_000 {
		if time.Now().After(deadline) {
			t.Fatalf("database file %d -> %d bytes after %d background checkpoints: the WAL was not copied", before, fileSize(t, path), s.ckpt.passive.Load())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestCheckpointerBoundsTheWALUnderSteadyWrites(t *testing.T) {
	s, path := openSQLiteFile(t)
	s.ckpt.restartPages.Store(256) // 1 MiB
	if err := s.db.Exec("CREATE TABLE scratch (x BLOB)").Error; err != nil {
		t.Fatal(err)
	}
	blob := strings.Repeat("y", 2000)
	// 24 MB in 240 back-to-back transactions: without checkpoints the WAL would hold all of
	// it. The test steps the checkpointer every 10 transactions (1 MB) itself, so the bound
	// does not depend on how fast this machine writes against the 200 ms ticker.
	for i := 0; i < 240; i++ {
		if i%10 == 9 {
			s.ckpt.step()
		}
		err := s.writeFn(context.Background(), func(tx *gorm.DB) ([]*audit.Event, error) {
			for j := 0; j < 50; j++ {
				if err := tx.Exec("INSERT INTO scratch (x) VALUES (?)", blob).Error; err != nil {
					return nil, err
				}
			}
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	wal := fileSize(t, path+"-wal")
	t.Logf("%d passive and %d restart checkpoints, WAL %d KiB", s.ckpt.passive.Load(), s.ckpt.restarts.Load(), wal/1024)
	if s.ckpt.restarts.Load() == 0 {
		t.Errorf("no RESTART checkpoint while the log grew")
	}
	if wal > 6<<20 {
		t.Fatalf("WAL is %d KiB after 24 MB of writes, want it bounded by the checkpointer", wal/1024)
	}
}
