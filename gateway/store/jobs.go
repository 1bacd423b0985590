package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ClaimJobs leases up to n due jobs to owner until now+lease. Due means pending with
// next_at reached, or sending with an expired lease (its instance died). On PostgreSQL the
// candidates are locked with FOR UPDATE SKIP LOCKED so instances never claim the same job.
func (s *Store) ClaimJobs(ctx context.Context, owner string, n int, lease time.Duration) ([]Job, error) {
	var jobs []Job
	now := s.now().UTC()
	// The claim joins the group commit: as a transaction of its own it held the one
	// SQLite writer for a commit (and its fsync) on every poll, and the webhooks queued
	// behind it waited. A group that fails runs it again, so it starts afresh.
	err := s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		jobs = nil
		// Two queries, each walking its own index in order (jobs by state and next_at,
		// then expired leases by lease_until), instead of one OR that had to sort every
		// pending job on each poll: with a backlog of thousands that sort held the SQLite
		// writer, or a PostgreSQL backend, for milliseconds every poll.
		lock := func(q *gorm.DB) *gorm.DB {
			if s.Dialect() == "postgres" {
				return q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
			}
			return q
		}
		if err := lock(tx.Where("state = ? AND next_at <= ?", JobPending, now).Order("state, next_at").Limit(n)).Find(&jobs).Error; err != nil {
			return nil, err
		}
		if len(jobs) < n {
			var stale []Job
			if err := lock(tx.Where("state = ? AND lease_until < ?", JobSending, now).Order("lease_until").Limit(n - len(jobs))).Find(&stale).Error; err != nil {
				return nil, err
			}
			jobs = append(jobs, stale...)
		}
		if len(jobs) == 0 {
			return nil, nil
		}
		ids := make([]int64, len(jobs))
		until := now.Add(lease)
		for i := range jobs {
			ids[i] = jobs[i].ID
			jobs[i].State, jobs[i].LeaseOwner, jobs[i].LeaseUntil = JobSending, owner, &until
		}
		return nil, tx.Model(&Job{}).Where("id IN ?", ids).
			Updates(map[string]any{"state": JobSending, "lease_owner": owner, "lease_until": until, "updated_at": now}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim jobs: %w", err)
	}
	return jobs, nil
}

// LinkGrant is a link about to be issued for a job.
type LinkGrant struct {
	ID         string
	KeyVersion int
	IssuedAt   time.Time
	ExpiresAt  time.Time
}

// AttachLink records the job's link (once: a retried job keeps its first link) and audits
// link.issued. It returns the link the job must use.
func (s *Store) AttachLink(ctx context.Context, job *Job, g LinkGrant) (LinkGrant, error) {
	if job.LinkID != "" && job.LinkExp != nil {
		var l Link
		if err := s.db.WithContext(ctx).First(&l, "id = ?", job.LinkID).Error; err == nil {
			return LinkGrant{ID: l.ID, KeyVersion: l.KeyVersion, IssuedAt: l.IssuedAt, ExpiresAt: l.ExpiresAt}, nil
		}
	}
	exp := g.ExpiresAt.UTC()
	err := s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		l := Link{ID: g.ID, Pseudonym: job.Pseudonym, MessageID: job.MessageID, JobID: job.ID, Platform: job.Platform,
			KeyVersion: g.KeyVersion, IssuedAt: g.IssuedAt.UTC(), ExpiresAt: exp}
		if err := tx.Create(&l).Error; err != nil {
			return nil, err
		}
		if err := tx.Model(&Job{}).Where("id = ?", job.ID).Updates(map[string]any{"link_id": g.ID, "link_exp": exp}).Error; err != nil {
			return nil, err
		}
		return []*audit.Event{{Kind: audit.KindLinkIssued, Outcome: "success", Platform: job.Platform,
			Pseudonym: job.Pseudonym, MessageID: job.MessageID, JobID: job.ID, LinkID: g.ID,
			Detail: audit.Details(map[string]any{"kid": g.KeyVersion, "expires": exp.Format(time.RFC3339)})}}, nil
	})
	if err != nil {
		return LinkGrant{}, fmt.Errorf("store: attach link to job %d: %w", job.ID, err)
	}
	job.LinkID, job.LinkExp = g.ID, &exp
	return g, nil
}

// CompleteJob marks a job sent, erases the encrypted recipient and audits reply.sent.
func (s *Store) CompleteJob(ctx context.Context, job *Job, sentID, fallback string) error {
	return s.finish(ctx, job, JobSent, map[string]any{"sent_id": sentID}, &audit.Event{Kind: audit.KindReplySent,
		Outcome: "success", Detail: audit.Details(map[string]any{"attempts": job.Attempts + 1, "fallback": fallback})})
}

// FailJob ends a job for good (permanent error or attempts exhausted) and audits it.
func (s *Store) FailJob(ctx context.Context, job *Job, code, reason string) error {
	return s.finish(ctx, job, JobFailed, map[string]any{"last_code": code}, &audit.Event{Kind: audit.KindReplyFailed,
		Outcome: "failure", Detail: audit.Details(map[string]any{"attempts": job.Attempts + 1, "code": code, "reason": reason})})
}

func (s *Store) finish(ctx context.Context, job *Job, state string, extra map[string]any, ev *audit.Event) error {
	now := s.now().UTC()
	lost := false
	err := s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		upd := map[string]any{"state": state, "recipient": "", "lease_owner": "", "lease_until": nil,
			"attempts": gorm.Expr("attempts + 1"), "updated_at": now}
		for k, v := range extra {
			upd[k] = v
		}
		res := tx.Model(&Job{}).Where("id = ? AND state = ?", job.ID, JobSending).Updates(upd)
		if res.Error != nil {
			return nil, res.Error
		}
		// Not an error inside the group: the other writes of the transaction go on.
		if lost = res.RowsAffected == 0; lost {
			return nil, nil
		}
		ev.Platform, ev.Pseudonym, ev.MessageID, ev.JobID, ev.LinkID = job.Platform, job.Pseudonym, job.MessageID, job.ID, job.LinkID
		return []*audit.Event{ev}, nil
	})
	if err == nil && lost {
		err = fmt.Errorf("job %d is no longer leased", job.ID)
	}
	if err != nil {
		return fmt.Errorf("store: finish job %d: %w", job.ID, err)
	}
	return nil
}

// RetryJob puts a job back for another attempt at next and audits the retry.
func (s *Store) RetryJob(ctx context.Context, job *Job, next time.Time, code, reason string) error {
	now := s.now().UTC()
	lost := false
	err := s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		res := tx.Model(&Job{}).Where("id = ? AND state = ?", job.ID, JobSending).Updates(map[string]any{
			"state": JobPending, "next_at": next.UTC(), "attempts": gorm.Expr("attempts + 1"), "last_code": code,
			"lease_owner": "", "lease_until": nil, "send_started_at": nil, "updated_at": now})
		if res.Error != nil {
			return nil, res.Error
		}
		if lost = res.RowsAffected == 0; lost {
			return nil, nil
		}
		return []*audit.Event{{Kind: audit.KindReplyRetry, Outcome: "retry", Platform: job.Platform,
			Pseudonym: job.Pseudonym, MessageID: job.MessageID, JobID: job.ID, LinkID: job.LinkID,
			Detail: audit.Details(map[string]any{"attempt": job.Attempts + 1, "code": code, "reason": reason, "next": next.UTC().Format(time.RFC3339)})}}, nil
	})
	if err == nil && lost {
		err = fmt.Errorf("job %d is no longer leased", job.ID)
	}
	if err != nil {
		return fmt.Errorf("store: retry job %d: %w", job.ID, err)
	}
	return nil
}

// ReleaseJob returns a job this instance leases to pending without counting an attempt
// (shutdown, a dependency such as Vault being down, or a send mark whose commit went
// unanswered: nothing was sent). A job another instance took over is left alone.
func (s *Store) ReleaseJob(ctx context.Context, job *Job, next time.Time) error {
	return s.db.WithContext(ctx).Model(&Job{}).Where("id = ? AND state = ? AND lease_owner = ?", job.ID, JobSending, job.LeaseOwner).
		Updates(map[string]any{"state": JobPending, "next_at": next.UTC(), "lease_owner": "", "lease_until": nil, "send_started_at": nil}).Error
}

// ErrLeaseLost says a job's lease is held by no one or another instance: the database
// answered, and the caller must leave the job alone.
var ErrLeaseLost = errors.New("store: job no longer leased")

// MarkSending records that the send API is about to be called for a leased job.
func (s *Store) MarkSending(ctx context.Context, job *Job) error {
	now := s.now().UTC()
	lost := false
	err := s.writeFn(ctx, func(tx *gorm.DB) ([]*audit.Event, error) {
		res := tx.Model(&Job{}).Where("id = ? AND state = ? AND lease_owner = ?", job.ID, JobSending, job.LeaseOwner).
			Update("send_started_at", now)
		lost = res.RowsAffected == 0
		return nil, res.Error
	})
	if err != nil {
		return fmt.Errorf("store: mark job %d sending: %w", job.ID, err)
	}
	if lost {
		return fmt.Errorf("job %d: %w", job.ID, ErrLeaseLost)
	}
	job.SendStartedAt = &now
	return nil
}

// SettleUnconfirmed ends a job whose previous attempt died after calling the send API:
// the platform may have delivered the reply, so it is not sent again (at most one reply);
// the audit log records the reply as unconfirmed.
func (s *Store) SettleUnconfirmed(ctx context.Context, job *Job) error {
	return s.finish(ctx, job, JobSent, nil, &audit.Event{Kind: audit.KindReplySent, Outcome: "unconfirmed",
		Detail: audit.Details(map[string]any{"attempts": job.Attempts + 1, "reason": "instance stopped after calling the send API"})})
}

// QueueDepth counts jobs waiting or in flight.
func (s *Store) QueueDepth(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Job{}).Where("state IN ?", []string{JobPending, JobSending}).Count(&n).Error
	return n, err
}
