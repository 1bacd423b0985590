package audit

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Export formats.
const (
	FormatCSV    = "csv"
	FormatNDJSON = "ndjson"
	FormatFHIR   = "fhir"
)

// ContentType returns the media type of an export format.
func ContentType(format string) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatNDJSON:
		return "application/x-ndjson"
	case FormatFHIR:
		return "application/fhir+json"
	}
	return "application/octet-stream"
}

// FileExt returns the file extension of an export format.
func FileExt(format string) string {
	switch format {
	case FormatFHIR:
		return "fhir.json"
	}
	return format
}

// ExportOptions selects what ExportWith writes. Zero times leave that end open.
type ExportOptions struct {
	Format    string
	Since     time.Time // at >= Since
	Until     time.Time // at < Until
	BatchSize int       // default 2000
	// Scope narrows the events further (the admin API's filters); nil exports all.
	Scope func(*gorm.DB) *gorm.DB
	Now   func() time.Time
}

// Export writes the events with since <= at < until (zero times: open) in seq order as
// csv, ndjson or fhir (an R4 Bundle of AuditEvent resources). It reads in batches by seq
// cursor and writes as it goes, so memory stays constant however long the log is.
func Export(ctx context.Context, db *gorm.DB, w io.Writer, format string, since, until time.Time) error {
	_, err := ExportWith(ctx, db, w, ExportOptions{Format: format, Since: since, Until: until})
	return err
}

// ExportWith is Export with options; it returns the number of events written.
func ExportWith(ctx context.Context, db *gorm.DB, w io.Writer, o ExportOptions) (int64, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = 2000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	var enc encoder
	bw := bufio.NewWriterSize(w, 64<<10)
	switch o.Format {
	case FormatCSV:
		enc = &csvEncoder{w: csv.NewWriter(bw)}
	case FormatNDJSON:
		enc = &ndjsonEncoder{w: bw}
	case FormatFHIR:
		enc = &fhirEncoder{w: bw, now: o.Now}
	default:
		return 0, fmt.Errorf("audit: export: unknown format %q (want csv, ndjson or fhir)", o.Format)
	}
	if err := enc.begin(); err != nil {
		return 0, err
	}
	var (
		n      int64
		cursor int64
		batch  = make([]Event, 0, o.BatchSize)
	)
	for {
		q := db.WithContext(ctx).Where("seq > ?", cursor)
		if !o.Since.IsZero() {
			q = q.Where("at >= ?", Normalize(o.Since))
		}
		if !o.Until.IsZero() {
			q = q.Where("at < ?", Normalize(o.Until))
		}
		if o.Scope != nil {
			q = o.Scope(q)
		}
		var err error
		if batch, err = readEvents(q.Order("seq").Limit(o.BatchSize), batch); err != nil {
			return n, fmt.Errorf("audit: export: read events after %d: %w", cursor, err)
		}
		for i := range batch {
			if err := enc.event(&batch[i]); err != nil {
				return n, fmt.Errorf("audit: export: write event %d: %w", batch[i].Seq, err)
			}
			n++
		}
		if len(batch) < o.BatchSize {
			break
		}
		cursor = batch[len(batch)-1].Seq
		if err := enc.flush(); err != nil {
			return n, err
		}
		if err := bw.Flush(); err != nil {
			return n, fmt.Errorf("audit: export: write: %w", err)
		}
	}
	if err := enc.end(); err != nil {
		return n, err
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("audit: export: write: %w", err)
	}
	return n, nil
}

type encoder interface {
	begin() error
	event(*Event) error
	flush() error
	end() error
}

// CSVHeader is the first row of a CSV export.
var CSVHeader = []string{"seq", "at", "kind", "platform", "pseudonym", "message_id", "job_id", "link_id", "actor", "outcome", "detail", "prev_hash", "hash"}

type csvEncoder struct{ w *csv.Writer }

func (c *csvEncoder) begin() error { return c.w.Write(CSVHeader) }
func (c *csvEncoder) event(e *Event) error {
	return c.w.Write([]string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), e.Kind, e.Platform, e.Pseudonym,
		optInt(e.MessageID), optInt(e.JobID), e.LinkID, e.Actor, e.Outcome, csvSafe(e.Detail), e.PrevHash, e.Hash,
	})
}
func (c *csvEncoder) flush() error { c.w.Flush(); return c.w.Error() }
func (c *csvEncoder) end() error   { return c.flush() }

func optInt(v int64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

// csvSafe keeps spreadsheet programs from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

type ndjsonEncoder struct{ w *bufio.Writer }

func (e *ndjsonEncoder) begin() error { return nil }
func (e *ndjsonEncoder) event(ev *Event) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	e.w.Write(b)
	return e.w.WriteByte('\n')
}
func (e *ndjsonEncoder) flush() error { return nil }
func (e *ndjsonEncoder) end() error   { return nil }
