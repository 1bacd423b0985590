// Package worker delivers auto-replies: it leases due jobs from the store, issues the
// signed link, composes and sends the reply through the platform's connector, and records
// the outcome (sent, retry with backoff and jitter, or failed), each step audited.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/gateway/envelope"
	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/gateway/pipeline"
	"github.com/ferryhealth/ferry/gateway/reply"
	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/ferryhealth/ferry/portal"
	"golang.org/x/time/rate"
)

// Config tunes the worker.
type Config struct {
	Concurrency int
	Poll        time.Duration
	MaxAttempts int
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	Lease       time.Duration
	RatePerSec  float64
	PublicURL   string
	LinkTTL     time.Duration
	Templates   reply.Settings
}

// Worker runs delivery loops.
type Worker struct {
	cfg     Config
	store   *store.Store
	conns   map[string]connectors.Connector
	secrets func(ctx context.Context, platform string) (connectors.Secret, error)
	seal    *envelope.Sealer
	issuer  *portal.Issuer
	version func(ctx context.Context) (int, error)
	m       *metrics.Metrics
	log     *slog.Logger
	owner   string
	limits  map[string]*rate.Limiter
	breaker map[string]*breaker
	wake    chan struct{}
	now     func() time.Time
	replies *reply.Composer
	vaultOK func(ctx context.Context) error
}

// Deps are the worker's collaborators.
type Deps struct {
	Store      *store.Store
	Connectors map[string]connectors.Connector
	Pipeline   *pipeline.Pipeline
	Sealer     *envelope.Sealer
	Issuer     *portal.Issuer
	// KeyVersion returns the current link-signing key version (recorded with each link).
	KeyVersion func(ctx context.Context) (int, error)
	Metrics    *metrics.Metrics
	Log        *slog.Logger
	// VaultHealth tells a Vault outage (wait) from an unreadable sealed value (give up).
	VaultHealth func(ctx context.Context) error
}

// New builds a worker; it fails when the reply templates do not validate.
func New(cfg Config, d Deps) (*Worker, error) {
	composer, err := reply.New(cfg.Templates)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	w := &Worker{cfg: cfg, store: d.Store, conns: d.Connectors, secrets: d.Pipeline.PlatformSecret, seal: d.Sealer,
		issuer: d.Issuer, version: d.KeyVersion, m: d.Metrics, log: d.Log.With("comp", "worker"),
		owner:  fmt.Sprintf("%s-%d-%s", host, os.Getpid(), portal.NewJTI()[:6]),
		limits: map[string]*rate.Limiter{}, breaker: map[string]*breaker{}, wake: make(chan struct{}, 1), now: time.Now,
		replies: composer, vaultOK: d.VaultHealth}
	for p := range d.Connectors {
		w.limits[p] = rate.NewLimiter(rate.Limit(cfg.RatePerSec), max(1, int(cfg.RatePerSec)))
		w.breaker[p] = newBreaker(5, 30*time.Second)
	}
	return w, nil
}

// Wake asks the worker to poll now (called after a webhook queued a job).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then lets in-flight sends finish.
func (w *Worker) Run(ctx context.Context) {
	sem := make(chan struct{}, w.cfg.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(w.cfg.Poll)
	defer t.Stop()
	for {
		free := cap(sem) - len(sem)
		if free > 0 {
			jobs, err := w.store.ClaimJobs(ctx, w.owner, free, w.cfg.Lease)
			if err != nil && ctx.Err() == nil {
				w.log.Warn("claim failed", slog.Any("error", err))
			}
			for i := range jobs {
				job := jobs[i]
				sem <- struct{}{}
				wg.Add(1)
				go func() {
					defer func() { <-sem; wg.Done() }()
					// A job in flight finishes even during shutdown: its own deadline bounds it.
					jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
					defer cancel()
					w.Deliver(jctx, &job)
				}()
			}
			if len(jobs) == free {
				continue // more may be due
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// Deliver makes one attempt at one leased job.
func (w *Worker) Deliver(ctx context.Context, job *store.Job) {
	log := w.log.With(slog.Int64("job", job.ID), slog.String("platform", job.Platform), slog.Int("attempt", job.Attempts+1))
	conn, ok := w.conns[job.Platform]
	if !ok {
		w.fail(ctx, log, job, "platform_disabled", "platform not enabled")
		return
	}
	if job.SendStartedAt != nil {
		// The instance that held this job died after calling the send API: the patient may
		// have the reply already. Sending again could duplicate it; record it instead.
		if err := w.store.SettleUnconfirmed(ctx, job); err != nil {
			log.Error("unconfirmed send not recorded", slog.Any("error", err))
		}
		w.m.Deliveries.WithLabelValues(job.Platform, "unconfirmed").Inc()
		log.Warn("reply attempt of a stopped instance left unconfirmed; not resent")
		return
	}
	if br := w.breaker[job.Platform]; br != nil && !br.allow(w.now()) {
		w.release(ctx, log, job, w.now().Add(br.cooldown), "circuit_open")
		return
	}
	sec, err := w.secrets(ctx, job.Platform)
	if err != nil {
		w.release(ctx, log, job, w.now().Add(w.cfg.BaseBackoff), "vault_unavailable")
		return
	}
	raw, err := w.seal.Open(ctx, job.Recipient)
	if err != nil {
		if w.vaultOK != nil && w.vaultOK(ctx) == nil {
			// Vault answers but cannot open it (a data key from another Vault, or a
			// damaged row): waiting will not help.
			w.fail(ctx, log, job, "recipient_unreadable", "sealed recipient cannot be opened")
			return
		}
		w.release(ctx, log, job, w.now().Add(w.cfg.BaseBackoff), "vault_unavailable")
		return
	}
	var rcpt pipeline.Recipient
	if err := json.Unmarshal(raw, &rcpt); err != nil {
		w.fail(ctx, log, job, "recipient_unreadable", "recipient record unreadable")
		return
	}
	link, err := w.link(ctx, job)
	if err != nil {
		log.Warn("link not issued", slog.Any("error", err))
		w.release(ctx, log, job, w.now().Add(w.cfg.BaseBackoff), "link_unavailable")
		return
	}
	lang := job.Lang
	text, err := w.replies.Compose(reply.Input{Limits: conn.Limits(), Lang: lang,
		Clinical: job.Clinical, Urgency: job.Urgency, Link: link, Settings: w.cfg.Templates})
	if err != nil {
		w.fail(ctx, log, job, "reply_too_long", "reply does not fit the platform limit")
		return
	}
	if l := w.limits[job.Platform]; l != nil {
		if err := l.Wait(ctx); err != nil {
			w.release(ctx, log, job, w.now(), "shutdown")
			return
		}
	}
	out := &connectors.Outbound{AccountID: job.AccountID, RecipientID: rcpt.SenderID, Reply: rcpt.Reply,
		ReplyToID: job.ReplyToID, Text: text, Link: link, LinkLabel: reply.ButtonLabel(lang), Lang: lang,
		Tag: "ferry:" + strconv.FormatInt(job.ID, 10)}
	if err := w.store.MarkSending(ctx, job); err != nil {
		if errors.Is(err, store.ErrLeaseLost) {
			log.Warn("lease lost before sending")
			return
		}
		// The database did not answer: the mark may be committed even so. Nothing was
		// sent, so take it back, or the job would be settled later as an unconfirmed send
		// and the patient would get no reply at all.
		w.unmark(ctx, log, job)
		return
	}
	res, err := conn.Send(ctx, out, sec)
	if err == nil {
		w.breaker[job.Platform].success()
		if err := w.store.CompleteJob(ctx, job, res.MessageID, res.Fallback); err != nil {
			log.Error("sent but not recorded", slog.Any("error", err))
		}
		w.m.Deliveries.WithLabelValues(job.Platform, "sent").Inc()
		log.Info("reply sent", slog.String("fallback", res.Fallback))
		return
	}
	code, reason, retryable, after := classify(err)
	var se *connectors.SendError
	if errors.As(err, &se) && se.Auth {
		// Our credentials were refused: every reply on this platform will fail the same
		// way until an operator rotates the secret in Vault.
		w.m.Deliveries.WithLabelValues(job.Platform, "auth_failed").Inc()
		log.Error("platform refused Ferry's credentials: rotate the secret in Vault", slog.String("code", code))
	}
	if retryable {
		w.breaker[job.Platform].failure(w.now())
	}
	if !retryable || job.Attempts+1 >= w.cfg.MaxAttempts {
		if retryable {
			reason = "attempts exhausted: " + reason
		}
		w.fail(ctx, log, job, code, reason)
		return
	}
	next := w.now().Add(w.backoff(job.Attempts, after))
	if err := w.store.RetryJob(ctx, job, next, code, reason); err != nil {
		log.Error("retry not recorded", slog.Any("error", err))
	}
	w.m.Deliveries.WithLabelValues(job.Platform, "retry").Inc()
	log.Warn("reply will be retried", slog.String("code", code), slog.Time("next", next))
}

// link returns the job's deep link, issuing (and recording) it on the first attempt and
// re-signing the same jti on retries.
func (w *Worker) link(ctx context.Context, job *store.Job) (string, error) {
	now := w.now().UTC().Truncate(time.Second)
	ver, err := w.version(ctx)
	if err != nil {
		return "", err
	}
	g, err := w.store.AttachLink(ctx, job, store.LinkGrant{ID: portal.NewJTI(), KeyVersion: ver, IssuedAt: now, ExpiresAt: now.Add(w.cfg.LinkTTL)})
	if err != nil {
		return "", err
	}
	tok, err := w.issuer.Issue(ctx, job.Pseudonym, job.Lang, g.ID, g.ExpiresAt)
	if err != nil {
		return "", err
	}
	return w.cfg.PublicURL + "/l/" + tok, nil
}

func (w *Worker) fail(ctx context.Context, log *slog.Logger, job *store.Job, code, reason string) {
	if err := w.store.FailJob(ctx, job, code, reason); err != nil {
		log.Error("failure not recorded", slog.Any("error", err))
	}
	w.m.Deliveries.WithLabelValues(job.Platform, "failed").Inc()
	log.Warn("reply failed for good", slog.String("code", code), slog.String("reason", reason))
}

// unmark returns a job whose send mark may or may not be committed to pending, retrying
// until the database answers or the lease ends (then the job is settled as unconfirmed
// when it is claimed again: at most one reply still holds).
func (w *Worker) unmark(ctx context.Context, log *slog.Logger, job *store.Job) {
	wait := 50 * time.Millisecond
	for {
		err := w.store.ReleaseJob(ctx, job, w.now())
		if err == nil {
			log.Warn("send mark not confirmed by the database; job released, nothing was sent")
			return
		}
		if job.LeaseUntil == nil || w.now().Add(wait).After(*job.LeaseUntil) {
			log.Error("send mark not confirmed and the job could not be released before its lease ends", slog.Any("error", err))
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

func (w *Worker) release(ctx context.Context, log *slog.Logger, job *store.Job, next time.Time, why string) {
	if err := w.store.ReleaseJob(ctx, job, next); err != nil {
		log.Error("release failed", slog.Any("error", err))
	}
	log.Warn("reply postponed", slog.String("reason", why))
}

// backoff is exponential with full jitter, at least the platform's Retry-After.
func (w *Worker) backoff(attempts int, after time.Duration) time.Duration {
	d := w.cfg.BaseBackoff << min(attempts, 20)
	if d <= 0 || d > w.cfg.MaxBackoff {
		d = w.cfg.MaxBackoff
	}
	d = d/2 + rand.N(d/2+1)
	if after > d {
		d = after
	}
	return d
}

func classify(err error) (code, reason string, retryable bool, after time.Duration) {
	var se *connectors.SendError
	if errors.As(err, &se) {
		code = se.Code
		if code == "" && se.HTTPStatus != 0 {
			code = "http_" + strconv.Itoa(se.HTTPStatus)
		}
		return code, se.Reason, se.Retryable, se.RetryAfter
	}
	return "transport", "could not reach the platform", true, 0
}
