package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"gorm.io/gorm"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// chain seeds n events and signs a checkpoint at every 10th event and at the head.
func chain(t *testing.T, db *gorm.DB, signer audit.Signer, n int) {
	t.Helper()
	cp := &audit.Checkpointer{DB: db, Signer: signer}
	for done := 0; done < n; {
		k := min(10, n-done)
		audittest.Events(t, db, k, t0.Add(time.Duration(done)*time.Second))
		done += k
		if _, err := cp.CheckpointNow(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *gorm.DB, signer audit.Signer) *audit.Report {
	t.Helper()
	r, err := audit.Verify(context.Background(), db, signer, audit.VerifyOptions{BatchSize: 7})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

func TestVerifyIntact(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := audittest.NewKeySigner()
		r := verify(t, db, s)
		if !r.OK || r.Events != 0 {
			t.Fatalf("empty chain: %+v", r)
		}
		chain(t, db, s, 95)
		r = verify(t, db, s)
		if !r.OK {
			t.Fatalf("intact chain reported broken: %v", r.Breaks)
		}
		if r.Events != 95 || r.LastSeq != 95 || r.HeadSeq != 95 || r.Checkpoints != 10 || r.SignaturesVerified != 10 || r.Unsigned != 0 {
			t.Fatalf("report: %+v", r)
		}
		// Events after the last checkpoint are fine, just reported as unsigned.
		audittest.Events(t, db, 3, t0.Add(time.Hour))
		r = verify(t, db, s)
		if !r.OK || r.Unsigned != 3 {
			t.Fatalf("unsigned tail: ok=%v unsigned=%d %v", r.OK, r.Unsigned, r.Breaks)
		}
		var out bytes.Buffer
		ok, err := audit.RunVerify(context.Background(), db, s, &out)
		if err != nil || !ok || !strings.Contains(out.String(), "INTACT") {
			t.Fatalf("RunVerify ok=%v err=%v\n%s", ok, err, out.String())
		}
	})
}

func TestVerifyKeyRotation(t *testing.T) {
	db := audittest.SQLite(t)
	s := audittest.NewKeySigner()
	chain(t, db, s, 20)
	s.Rotate(audit.DefaultKey)
	chain(t, db, s, 20)
	r := verify(t, db, s)
	if !r.OK || r.SignaturesVerified != 4 || r.LastCheckpoint.KeyVersion != 2 {
		t.Fatalf("after rotation: %+v", r)
	}
}

// tamper cases edit the database directly, the way an attacker with SQL access would.
var tamperCases = []struct {
	name     string
	do       func(t *testing.T, db *gorm.DB)
	wantSeq  int64
	wantKind string
}{
	{"update field", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "UPDATE audit_events SET platform = 'sms' WHERE seq = 37 AND platform <> 'sms'")
	}, 37, audit.BreakAltered},
	{"update detail", func(t *testing.T, db *gorm.DB) {
		exec(t, db, `UPDATE audit_events SET detail = '{"categories":[],"clinical":false}' WHERE seq = 12`)
	}, 12, audit.BreakAltered},
	{"update time", func(t *testing.T, db *gorm.DB) {
		var e audit.Event
		db.First(&e, 50)
		exec(t, db, "UPDATE audit_events SET at = ? WHERE seq = 50", e.At.Add(-time.Hour))
	}, 50, audit.BreakAltered},
	{"delete row", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "DELETE FROM audit_events WHERE seq = 44")
	}, 44, audit.BreakMissing},
	{"delete rows", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "DELETE FROM audit_events WHERE seq BETWEEN 21 AND 25")
	}, 21, audit.BreakMissing},
	{"insert row in the middle", func(t *testing.T, db *gorm.DB) {
		// Shift 60.. up by one (from the top, so the primary key never collides) and put a
		// forged event at 60 that links to 59 and has a correct hash of its own.
		var seqs []int64
		db.Model(&audit.Event{}).Where("seq >= 60").Order("seq DESC").Pluck("seq", &seqs)
		for _, s := range seqs {
			exec(t, db, "UPDATE audit_events SET seq = ? WHERE seq = ?", s+1, s)
		}
		var prev audit.Event
		db.First(&prev, 59)
		f := &audit.Event{Seq: 60, At: prev.At, Kind: audit.KindLinkRedeemed, Actor: "patient", PrevHash: prev.Hash}
		f.Hash = audit.ComputeHash(f)
		if err := db.Create(f).Error; err != nil {
			t.Fatal(err)
		}
	}, 60, audit.BreakCheckpointMismatch},
	{"append row past the head", func(t *testing.T, db *gorm.DB) {
		var last audit.Event
		db.Order("seq DESC").First(&last)
		f := &audit.Event{Seq: last.Seq + 1, At: last.At, Kind: audit.KindLinkRedeemed, Actor: "patient", PrevHash: last.Hash}
		f.Hash = audit.ComputeHash(f)
		if err := db.Create(f).Error; err != nil {
			t.Fatal(err)
		}
	}, 101, audit.BreakBeyondHead},
	{"swap two rows' seq", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "UPDATE audit_events SET seq = -1 WHERE seq = 30")
		exec(t, db, "UPDATE audit_events SET seq = 30 WHERE seq = 31")
		exec(t, db, "UPDATE audit_events SET seq = 31 WHERE seq = -1")
	}, 30, audit.BreakAltered},
	{"truncate tail, head left", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "DELETE FROM audit_events WHERE seq > 96")
	}, 97, audit.BreakTruncated},
	{"truncate tail, head and checkpoints fixed up", func(t *testing.T, db *gorm.DB) {
		// Delete the last 15 events and move the head back to match: the signed
		// checkpoints at 90 and 100 still name events that are gone.
		exec(t, db, "DELETE FROM audit_events WHERE seq > 85")
		var e audit.Event
		db.First(&e, 85)
		exec(t, db, "UPDATE audit_head SET seq = 85, hash = ? WHERE id = 1", e.Hash)
	}, 86, audit.BreakTruncated},
	{"rewrite the chain consistently", func(t *testing.T, db *gorm.DB) {
		// Edit event 33 and recompute every hash and the head: the chain is internally
		// consistent, but the signed checkpoint at 40 no longer matches.
		rewrite(t, db, 33)
	}, 40, audit.BreakCheckpointMismatch},
	{"checkpoint edited", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "UPDATE audit_checkpoints SET at = ? WHERE seq = 70", t0)
	}, 70, audit.BreakCheckpointSig},
	{"checkpoint forged", func(t *testing.T, db *gorm.DB) {
		other := audittest.NewKeySigner()
		var cp audit.Checkpoint
		db.Where("seq = 50").First(&cp)
		sig, _, _ := other.Sign(context.Background(), audit.DefaultKey, 1, audit.CheckpointPayload(cp.Seq, cp.Hash, cp.At))
		exec(t, db, "UPDATE audit_checkpoints SET signature = ? WHERE seq = 50", b64(sig))
	}, 50, audit.BreakCheckpointSig},
	{"head moved", func(t *testing.T, db *gorm.DB) {
		exec(t, db, "UPDATE audit_head SET hash = ? WHERE id = 1", audit.GenesisHash)
	}, 100, audit.BreakHeadMismatch},
}

func TestVerifyCatchesTampering(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, _ *gorm.DB) {
		pg := strings.HasSuffix(t.Name(), "postgres")
		for _, tc := range tamperCases {
			t.Run(tc.name, func(t *testing.T) {
				var db *gorm.DB
				if pg {
					db = audittest.Postgres(t)
				} else {
					db = audittest.SQLite(t)
				}
				s := audittest.NewKeySigner()
				chain(t, db, s, 100)
				if r := verify(t, db, s); !r.OK {
					t.Fatalf("before tampering: %v", r.Breaks)
				}
				tc.do(t, db)
				r := verify(t, db, s)
				if r.OK || r.FirstBreak == nil {
					t.Fatalf("tampering not detected: %+v", r)
				}
				if r.FirstBreak.Seq != tc.wantSeq || r.FirstBreak.Kind != tc.wantKind {
					t.Errorf("first break = %v, want event %d %s (all: %v)", r.FirstBreak, tc.wantSeq, tc.wantKind, r.Breaks)
				}
				var out bytes.Buffer
				ok, err := audit.RunVerify(context.Background(), db, s, &out)
				if err != nil || ok {
					t.Fatalf("RunVerify ok=%v err=%v", ok, err)
				}
				if !strings.Contains(out.String(), "BROKEN") || !strings.Contains(out.String(), "FIRST BREAK: event ") {
					t.Errorf("report does not name the event:\n%s", out.String())
				}
				t.Logf("%s", strings.SplitN(out.String(), "FIRST BREAK: ", 2)[1])
			})
		}
	})
}

func exec(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	res := db.Exec(sql, args...)
	if res.Error != nil {
		t.Fatalf("%s: %v", sql, res.Error)
	}
	if res.RowsAffected == 0 {
		t.Fatalf("%s: no row changed", sql)
	}
}

// rewrite edits event from and re-chains every later event and the head.
func rewrite(t *testing.T, db *gorm.DB, from int64) {
	t.Helper()
	var evs []audit.Event
	db.Where("seq >= ?", from).Order("seq").Find(&evs)
	var prev audit.Event
	db.First(&prev, from-1)
	h := prev.Hash
	for i := range evs {
		e := &evs[i]
		if i == 0 {
			e.Outcome = "rewritten"
		}
		e.PrevHash = h
		e.Hash = audit.ComputeHash(e)
		h = e.Hash
		exec(t, db, "UPDATE audit_events SET outcome = ?, prev_hash = ?, hash = ? WHERE seq = ?", e.Outcome, e.PrevHash, fmt.Sprintf("%064d", e.Seq), e.Seq)
	}
	// Two passes: the hash column is unique, so park the new values then set them.
	for _, e := range evs {
		exec(t, db, "UPDATE audit_events SET hash = ? WHERE seq = ?", e.Hash, e.Seq)
	}
	exec(t, db, "UPDATE audit_head SET hash = ? WHERE id = 1", h)
}

func TestVerifyCheckpointKeys(t *testing.T) {
	db := audittest.SQLite(t)
	s := audittest.NewKeySigner()
	audittest.Events(t, db, 10, t0)
	if _, err := (&audit.Checkpointer{DB: db, Signer: s, Key: "site-audit"}).CheckpointNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The key named by the checkpoint (as `ferry audit verify` does).
	if r, err := audit.Verify(context.Background(), db, s, audit.VerifyOptions{AnyKey: true}); err != nil || !r.OK || r.SignaturesVerified != 1 {
		t.Fatalf("any key: %+v %v", r, err)
	}
	if r, _ := audit.Verify(context.Background(), db, s, audit.VerifyOptions{Key: "site-audit"}); !r.OK {
		t.Fatalf("configured key: %v", r.Breaks)
	}
	// A checkpoint signed with another key than the one required is a break.
	r, _ := audit.Verify(context.Background(), db, s, audit.VerifyOptions{})
	if r.OK || r.FirstBreak.Kind != audit.BreakCheckpointSig || r.FirstBreak.Seq != 10 {
		t.Fatalf("wrong key accepted: %+v", r)
	}
	var out bytes.Buffer
	if ok, err := audit.RunVerify(context.Background(), db, s, &out); !ok || err != nil {
		t.Fatalf("RunVerify: %v %v\n%s", ok, err, out.String())
	}
}
