package audit_test

import (
	"context"
	"io"
	"testing"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"gorm.io/gorm"
)

// benchDB seeds 100,000 events with a checkpoint every 1,000.
func benchDB(b *testing.B, pg bool) (*gorm.DB, audit.Signer) {
	var db *gorm.DB
	if pg {
		db = audittest.Postgres(b)
	} else {
		db = audittest.SQLite(b)
	}
	s := audittest.NewKeySigner()
	cp := &audit.Checkpointer{DB: db, Signer: s}
	for i := 0; i < 100; i++ {
		audittest.Events(b, db, 1000, t0)
		if _, err := cp.CheckpointNow(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	return db, s
}

func benchVerifyExport(b *testing.B, pg bool) {
	db, s := benchDB(b, pg)
	ctx := context.Background()
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			r, err := audit.Verify(ctx, db, s, audit.VerifyOptions{})
			if err != nil || !r.OK || r.Events != 100000 {
				b.Fatalf("%v %+v", err, r)
			}
		}
		b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "events/s")
	})
	for _, f := range []string{"csv", "ndjson", "fhir"} {
		b.Run("export-"+f, func(b *testing.B) {
			for b.Loop() {
				if err := audit.Export(ctx, db, io.Discard, f, t0.AddDate(-1, 0, 0), t0.AddDate(1, 0, 0)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func BenchmarkVerifyExport100kSQLite(b *testing.B)   { benchVerifyExport(b, false) }
func BenchmarkVerifyExport100kPostgres(b *testing.B) { benchVerifyExport(b, true) }
