package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Break kinds reported by Verify.
const (
	BreakMissing            = "missing"             // a seq is absent: rows deleted
	BreakOutOfOrder         = "out_of_order"        // a seq below the expected one: row inserted
	BreakAltered            = "altered"             // the stored hash does not match the content
	BreakPrevLink           = "prev_link"           // prev_hash is not the previous event's hash
	BreakCheckpointMismatch = "checkpoint_mismatch" // a signed checkpoint names another hash
	BreakCheckpointMissing  = "checkpoint_missing"  // a checkpoint's event is gone
	BreakCheckpointSig      = "checkpoint_signature"
	BreakTruncated          = "truncated"   // events after the last one were removed
	BreakBeyondHead         = "beyond_head" // events past the recorded head
	BreakHeadMismatch       = "head_mismatch"
)

// Break is one inconsistency, named by the first event it concerns.
type Break struct {
	Seq    int64  `json:"seq"`
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

func (b Break) String() string { return fmt.Sprintf("event %d: %s: %s", b.Seq, b.Kind, b.Detail) }

// VerifyOptions tunes Verify. Zero values take the defaults.
type VerifyOptions struct {
	Key string // Transit key the checkpoints must be signed with, default "ferry-audit"
	// AnyKey accepts a checkpoint signed with whatever Transit key it names (the
	// signed payload is domain-separated, so no other signature can pass for one).
	AnyKey    bool
	BatchSize int // rows read per query, default 5000
	MaxBreaks int // breaks kept in the report, default 50 (all are counted)
}

// Report is the outcome of Verify.
type Report struct {
	OK                 bool          `json:"ok"`
	Events             int64         `json:"events"`
	FirstSeq           int64         `json:"first_seq"`
	LastSeq            int64         `json:"last_seq"`
	LastHash           string        `json:"last_hash"`
	HeadSeq            int64         `json:"head_seq"`
	HeadHash           string        `json:"head_hash"`
	Checkpoints        int64         `json:"checkpoints"`
	SignaturesChecked  bool          `json:"signatures_checked"`
	SignaturesVerified int64         `json:"signatures_verified"`
	LastCheckpoint     *Checkpoint   `json:"last_checkpoint,omitempty"`
	Unsigned           int64         `json:"unsigned"` // events after the last checkpoint
	FirstBreak         *Break        `json:"first_break,omitempty"`
	Breaks             []Break       `json:"breaks,omitempty"`
	BreakCount         int64         `json:"break_count"`
	Duration           time.Duration `json:"duration_ns"`
	StartedAt          time.Time     `json:"started_at"`
}

func (r *Report) add(b Break, max int) {
	r.BreakCount++
	r.Breaks = append(r.Breaks, b)
	if len(r.Breaks) > max*2 {
		r.trim(max)
	}
}

func (r *Report) trim(max int) {
	sort.SliceStable(r.Breaks, func(i, j int) bool { return r.Breaks[i].Seq < r.Breaks[j].Seq })
	if len(r.Breaks) > max {
		r.Breaks = r.Breaks[:max]
	}
}

// Verify walks the chain in seq order, in batches (constant memory), and checks:
// contiguous seq from 1 (deleted or inserted rows), each event's hash against its
// canonical form, each prev_hash against the previous event, every checkpoint's signature
// (when signer is not nil) and that its (seq, hash) is on the chain, and that the head row,
// the last event and the last checkpoint agree (truncation of the tail). It returns an
// error only when the check could not run; a broken chain is a Report with OK false.
func Verify(ctx context.Context, db *gorm.DB, signer Signer, opts VerifyOptions) (*Report, error) {
	if opts.Key == "" {
		opts.Key = DefaultKey
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 5000
	}
	if opts.MaxBreaks <= 0 {
		opts.MaxBreaks = 50
	}
	db = db.WithContext(ctx)
	start := time.Now()
	r := &Report{StartedAt: start.UTC()}

	// Public keys by Transit key name, fetched once per name.
	keySets := map[string]map[int]ed25519.PublicKey{}
	keysFor := func(name string) (map[int]ed25519.PublicKey, error) {
		if ks, ok := keySets[name]; ok {
			return ks, nil
		}
		ks, err := signer.PublicKeys(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("audit: verify: public keys of transit key %s: %w", name, err)
		}
		keySets[name] = ks
		return ks, nil
	}
	if signer != nil {
		if !opts.AnyKey {
			if _, err := keysFor(opts.Key); err != nil {
				return nil, err
			}
		}
		r.SignaturesChecked = true
	}

	cps := &cpCursor{db: db, batch: 1000}
	var (
		prevSeq  int64
		prevHash = GenesisHash
		batch    = make([]Event, 0, opts.BatchSize)
	)
	var keyErr error
	checkCP := func(cp *Checkpoint) {
		r.Checkpoints++
		c := *cp
		r.LastCheckpoint = &c
		if signer != nil {
			if !opts.AnyKey && cp.Key != opts.Key {
				r.add(Break{cp.Seq, BreakCheckpointSig, fmt.Sprintf("checkpoint of event %d names key %q, not %s", cp.Seq, cp.Key, opts.Key)}, opts.MaxBreaks)
				return
			}
			keys, err := keysFor(cp.Key)
			if err != nil {
				keyErr = err
				return
			}
			if err := cp.VerifySignature(keys); err != nil {
				r.add(Break{cp.Seq, BreakCheckpointSig, fmt.Sprintf("checkpoint of event %d signed at %s: %v", cp.Seq, cp.At.UTC().Format(time.RFC3339), err)}, opts.MaxBreaks)
			} else {
				r.SignaturesVerified++
			}
		}
	}
	walk := func() (int, error) {
		seen := 0
		for {
			var err error
			if batch, err = readEvents(db.Where("seq > ?", prevSeq).Order("seq").Limit(opts.BatchSize), batch); err != nil {
				return seen, fmt.Errorf("audit: verify: read events after %d: %w", prevSeq, err)
			}
			for i := range batch {
				e := &batch[i]
				seen++
				r.Events++
				if r.FirstSeq == 0 {
					r.FirstSeq = e.Seq
				}
				want := prevSeq + 1
				switch {
				case e.Seq > want:
					d := fmt.Sprintf("event %d is missing (deleted)", want)
					if e.Seq-want > 1 {
						d = fmt.Sprintf("events %d..%d are missing (deleted)", want, e.Seq-1)
					}
					r.add(Break{want, BreakMissing, d}, opts.MaxBreaks)
				case e.Seq < want:
					r.add(Break{e.Seq, BreakOutOfOrder, fmt.Sprintf("seq %d is out of sequence (inserted row)", e.Seq)}, opts.MaxBreaks)
				}
				if h := ComputeHash(e); h != e.Hash {
					r.add(Break{e.Seq, BreakAltered, fmt.Sprintf("content does not match its hash (stored %.12s…, computed %.12s…): edited or moved", e.Hash, h)}, opts.MaxBreaks)
				}
				if e.PrevHash != prevHash {
					r.add(Break{e.Seq, BreakPrevLink, fmt.Sprintf("prev_hash %.12s… is not the hash of the previous event (%.12s…)", e.PrevHash, prevHash)}, opts.MaxBreaks)
				}
				for {
					cp, err := cps.peek()
					if err != nil {
						return seen, err
					}
					if cp == nil || cp.Seq > e.Seq {
						break
					}
					cps.next()
					checkCP(cp)
					if cp.Seq < e.Seq {
						r.add(Break{cp.Seq, BreakCheckpointMissing, fmt.Sprintf("signed checkpoint names event %d, which is not in the log (deleted)", cp.Seq)}, opts.MaxBreaks)
					} else if cp.Hash != e.Hash {
						r.add(Break{cp.Seq, BreakCheckpointMismatch, fmt.Sprintf("signed checkpoint says hash %.12s…, the log has %.12s… (chain rewritten)", cp.Hash, e.Hash)}, opts.MaxBreaks)
					}
				}
				prevSeq, prevHash = e.Seq, e.Hash
			}
			if len(batch) < opts.BatchSize {
				return seen, nil
			}
			if err := ctx.Err(); err != nil {
				return seen, err
			}
		}
	}

	var head Head
	for attempt := 0; ; attempt++ {
		n, err := walk()
		if err != nil {
			return nil, err
		}
		if err := db.First(&head, 1).Error; err != nil {
			return nil, fmt.Errorf("audit: verify: read head: %w", err)
		}
		// Events appended while we walked move the head on; walk them too. A head that
		// stays ahead with no new rows to read means the tail was deleted.
		if head.Seq <= prevSeq || (n == 0 && attempt > 0) || attempt >= 5 {
			break
		}
	}
	if keyErr != nil {
		return nil, keyErr
	}
	r.LastSeq, r.LastHash = prevSeq, prevHash
	r.HeadSeq, r.HeadHash = head.Seq, head.Hash

	// Checkpoints past the last event: the tail was truncated.
	for {
		cp, err := cps.peek()
		if err != nil {
			return nil, err
		}
		if cp == nil {
			break
		}
		cps.next()
		checkCP(cp)
		r.add(Break{prevSeq + 1, BreakTruncated, fmt.Sprintf("signed checkpoint names event %d (signed %s) but the log ends at %d: tail deleted", cp.Seq, cp.At.UTC().Format(time.RFC3339), prevSeq)}, opts.MaxBreaks)
	}
	switch {
	case head.Seq > prevSeq:
		r.add(Break{prevSeq + 1, BreakTruncated, fmt.Sprintf("chain head is at %d but the log ends at %d: tail deleted", head.Seq, prevSeq)}, opts.MaxBreaks)
	case head.Seq < prevSeq:
		r.add(Break{head.Seq + 1, BreakBeyondHead, fmt.Sprintf("the log runs to %d past the chain head at %d: rows inserted", prevSeq, head.Seq)}, opts.MaxBreaks)
	case head.Hash != prevHash:
		r.add(Break{prevSeq, BreakHeadMismatch, fmt.Sprintf("chain head hash %.12s… differs from the last event's %.12s…", head.Hash, prevHash)}, opts.MaxBreaks)
	}
	if r.LastCheckpoint != nil {
		r.Unsigned = max(0, prevSeq-r.LastCheckpoint.Seq)
	} else {
		r.Unsigned = prevSeq
	}
	if keyErr != nil {
		return nil, keyErr
	}
	r.trim(opts.MaxBreaks)
	if len(r.Breaks) > 0 {
		r.FirstBreak = &r.Breaks[0]
	}
	r.OK = r.BreakCount == 0
	r.Duration = time.Since(start)
	return r, nil
}

// cpCursor streams checkpoints in seq order.
type cpCursor struct {
	db    *gorm.DB
	batch int
	buf   []Checkpoint
	i     int
	after int64
	done  bool
}

func (c *cpCursor) peek() (*Checkpoint, error) {
	if c.i < len(c.buf) {
		return &c.buf[c.i], nil
	}
	if c.done {
		return nil, nil
	}
	c.buf, c.i = c.buf[:0], 0
	if err := c.db.Where("seq > ?", c.after).Order("seq").Limit(c.batch).Find(&c.buf).Error; err != nil {
		return nil, fmt.Errorf("audit: verify: read checkpoints after %d: %w", c.after, err)
	}
	if len(c.buf) < c.batch {
		c.done = true
	}
	if len(c.buf) == 0 {
		return nil, nil
	}
	return &c.buf[0], nil
}

func (c *cpCursor) next() {
	cp := c.buf[c.i]
	c.after = cp.Seq
	c.i++
}

// RunVerify verifies the chain and prints a human-readable report to w. ok is false when
// the chain is broken; err is set when the check could not run. Checkpoints are checked
// against the Transit key each one names (whatever FERRY_VAULT_AUDIT_KEY was).
func RunVerify(ctx context.Context, db *gorm.DB, signer Signer, w io.Writer) (bool, error) {
	r, err := Verify(ctx, db, signer, VerifyOptions{AnyKey: true})
	if err != nil {
		fmt.Fprintf(w, "audit chain: NOT VERIFIED: %v\n", err)
		return false, err
	}
	WriteReport(w, r)
	return r.OK, nil
}

// WriteReport prints a report in plain text.
func WriteReport(w io.Writer, r *Report) {
	var b strings.Builder
	if r.OK {
		b.WriteString("audit chain: INTACT\n")
	} else {
		b.WriteString("audit chain: BROKEN\n")
	}
	if r.Events == 0 {
		b.WriteString("events:      none\n")
	} else {
		fmt.Fprintf(&b, "events:      %d (seq %d..%d), last hash %s\n", r.Events, r.FirstSeq, r.LastSeq, r.LastHash)
	}
	fmt.Fprintf(&b, "head:        seq %d, hash %s\n", r.HeadSeq, r.HeadHash)
	switch {
	case !r.SignaturesChecked:
		fmt.Fprintf(&b, "checkpoints: %d (signatures NOT checked: no signer)\n", r.Checkpoints)
	default:
		fmt.Fprintf(&b, "checkpoints: %d, %d signatures verified\n", r.Checkpoints, r.SignaturesVerified)
	}
	if cp := r.LastCheckpoint; cp != nil {
		fmt.Fprintf(&b, "last signed: seq %d at %s (%s v%d)\n", cp.Seq, cp.At.UTC().Format(time.RFC3339), cp.Key, cp.KeyVersion)
	} else {
		b.WriteString("last signed: no checkpoint yet\n")
	}
	fmt.Fprintf(&b, "unsigned:    %d events after the last checkpoint\n", r.Unsigned)
	fmt.Fprintf(&b, "took:        %s\n", r.Duration.Round(time.Millisecond))
	if r.FirstBreak != nil {
		fmt.Fprintf(&b, "FIRST BREAK: %s\n", r.FirstBreak)
		fmt.Fprintf(&b, "breaks:      %d", r.BreakCount)
		if int64(len(r.Breaks)) < r.BreakCount {
			fmt.Fprintf(&b, " (first %d listed)", len(r.Breaks))
		}
		b.WriteString("\n")
		for _, br := range r.Breaks {
			fmt.Fprintf(&b, "  - %s\n", br)
		}
	}
	io.WriteString(w, b.String())
}
