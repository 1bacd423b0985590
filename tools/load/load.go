package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ferryhealth/ferry/gateway/store"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

const pageID = "PAGE-4242424242"

// webhooks builds signed Messenger deliveries, each with a new message id and sender.
type webhooks struct {
	secret []byte
	run    string
	seq    atomic.Int64
}

func newWebhooks(secret string) *webhooks {
	return &webhooks{secret: []byte(secret), run: fmt.Sprintf("%x", time.Now().UnixNano()&0xffffffff)}
}

func (w *webhooks) next(r *rand.Rand) (body []byte, sig string) {
	n := w.seq.Add(1)
	text, _ := json.Marshal(message(r))
	ts := time.Now().UnixMilli()
	body = fmt.Appendf(nil, `{"object":"page","entry":[{"id":%q,"time":%d,"messaging":[{"sender":{"id":"PSID-%s-%d"},"recipient":{"id":%q},"timestamp":%d,"message":{"mid":"m_load.%s.%d","text":%s}}]}]}`,
		pageID, ts, w.run, n, pageID, ts, w.run, n, text)
	m := hmac.New(sha256.New, w.secret)
	m.Write(body)
	return body, "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// target is where webhooks go.
type target struct {
	url    string // http://127.0.0.1:port/webhooks/messenger
	client *fasthttp.HostClient
}

func newTarget(addr string, conns int) *target {
	return &target{url: "http://" + addr + "/webhooks/messenger", client: &fasthttp.HostClient{Addr: addr, MaxConns: conns,
		ReadTimeout: 15 * time.Second, WriteTimeout: 15 * time.Second, MaxIdleConnDuration: time.Minute}}
}

func (t *target) post(body []byte, sig string) (int, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(t.url)
	req.Header.SetMethod(fasthttp.MethodPost)
	req.Header.SetContentType("application/json")
	req.Header.Set("X-Hub-Signature-256", sig)
	req.SetBody(body)
	if err := t.client.DoTimeout(req, resp, 15*time.Second); err != nil {
		return 0, err
	}
	return resp.StatusCode(), nil
}

// closedLoop keeps conns requests in flight for d (or until max requests) and returns
// the acknowledged rate.
func closedLoop(ctx context.Context, t *target, w *webhooks, conns int, d time.Duration, max int) (rate float64, acked, errs int) {
	var ok, bad, sent atomic.Int64
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			for ctx.Err() == nil && sent.Add(1) <= int64(max) {
				body, sig := w.next(r)
				code, err := t.post(body, sig)
				if err == nil && code == 200 {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
		}(uint64(i))
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	return float64(ok.Load()) / el, int(ok.Load()), int(bad.Load())
}

// openLoop sends at a fixed rate for d; latency runs from each request's scheduled time.
func openLoop(ctx context.Context, t *target, w *webhooks, perSec int, d time.Duration) (p50, p99, p999 time.Duration, acked, errs int) {
	n := int(float64(perSec) * d.Seconds())
	lat := make([]time.Duration, n)
	codes := make([]int, n)
	interval := time.Second / time.Duration(perSec)
	sem := make(chan struct{}, 2048)
	var wg sync.WaitGroup
	start := time.Now()
	r := rand.New(rand.NewPCG(99, 7))
	for i := 0; i < n && ctx.Err() == nil; i++ {
		at := start.Add(time.Duration(i) * interval)
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		body, sig := w.next(r)
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			code, err := t.post(body, sig)
			lat[i] = time.Since(at)
			if err != nil {
				code = -1
			}
			codes[i] = code
		}(i)
	}
	wg.Wait()
	var got []time.Duration
	for i := range lat {
		if codes[i] == 200 {
			acked++
			got = append(got, lat[i])
		} else if codes[i] != 0 {
			errs++
		}
	}
	if len(got) == 0 {
		return
	}
	slices.Sort(got)
	q := func(f float64) time.Duration { return got[min(len(got)-1, int(f*float64(len(got))))] }
	return q(.50), q(.99), q(.999), acked, errs
}

// serveBaseline is the baseline: a bare fiber handler that verifies the HMAC and answers
// 200. It runs as a child process so it gets the same CPU share as ferry.
func serveBaseline(addr, secret string) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true, BodyLimit: 3 << 20})
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Post("/webhooks/messenger", func(c *fiber.Ctx) error {
		sig := c.Get("X-Hub-Signature-256")
		m := hmac.New(sha256.New, []byte(secret))
		m.Write(c.Body())
		want := "sha256=" + hex.EncodeToString(m.Sum(nil))
		if !hmac.Equal([]byte(sig), []byte(want)) {
			return c.Status(401).SendString("invalid request signature")
		}
		return c.SendString("ok")
	})
	if err := app.Listen(addr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func runBaseline(ctx context.Context, o options, e *env) (*result, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	p, err := startProc(ctx, self, []string{"-serve-baseline", addr}, []string{"LOAD_BASELINE_SECRET=" + e.appSecret, "PATH=" + os.Getenv("PATH")},
		filepath.Join(e.tmp, "baseline.log"), "http://"+addr+"/healthz")
	if err != nil {
		return nil, err
	}
	defer p.stop()
	res := &result{target: "baseline"}
	w := newWebhooks(e.appSecret)
	logf("baseline: closed loop")
	res.acks, res.closedN, res.closedErr = closedLoop(ctx, newTarget(addr, o.conns), w, o.conns, o.duration, o.maxReq)
	logf("baseline: open loop")
	res.p50, res.p99, res.p999, _, res.openErr = openLoop(ctx, newTarget(addr, 2048), w, o.rate, o.rateDur)
	return res, nil
}

// ferryEnv is the configuration of one ferry process.
func ferryEnv(e *env, dsn, pub, adm string, extra ...string) []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + e.tmp,
		"FERRY_LISTEN=" + pub, "FERRY_ADMIN_LISTEN=" + adm, "FERRY_DATABASE=" + dsn,
		"FERRY_PUBLIC_URL=http://" + pub, "FERRY_PORTAL_URL=" + e.portalURL,
		"VAULT_ADDR=" + e.vault.Addr, "VAULT_TOKEN=" + e.vault.Token,
		"FERRY_MESSENGER_API_BASE=" + e.sink.url + "/v21.0",
		"FERRY_LOG_LEVEL=info",
	}, extra...)
}

func runFerry(ctx context.Context, o options, e *env, db string) (*result, error) {
	res := &result{target: "ferry " + db}
	var dsn string
	switch db {
	case "sqlite":
		dir, err := os.MkdirTemp(e.tmp, "sqlite")
		if err != nil {
			return nil, err
		}
		dsn = "sqlite:" + filepath.Join(dir, "ferry.db")
	case "postgres":
		d, drop, err := freshPostgres(ctx, o.postgres)
		if err != nil {
			res.skipped = "PostgreSQL not reachable: " + err.Error()
			return res, nil
		}
		defer drop()
		dsn = d
	default:
		return nil, fmt.Errorf("unknown database %q", db)
	}
	pub, err := freeAddr()
	if err != nil {
		return nil, err
	}
	adm, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logDir, err := os.MkdirTemp(e.tmp, "ferry-"+db)
	if err != nil {
		return nil, err
	}
	e.sink.takeTokens()

	// Phase 1: ingest, with the production defaults of the worker (it runs alongside).
	pprofAddr := ""
	extra := []string{}
	if o.pprofDir != "" {
		pprofAddr, _ = freeAddr()
		extra = append(extra, "FERRY_PPROF_LISTEN="+pprofAddr)
	}
	p, err := startProc(ctx, o.bin, []string{"serve"}, ferryEnv(e, dsn, pub, adm, extra...), filepath.Join(logDir, "ingest.log"), "http://"+pub+"/healthz")
	if err != nil {
		return nil, err
	}
	w := newWebhooks(e.appSecret)
	stopProf := profile(o, pprofAddr, db+"-ingest", o.duration)
	logf("%s: closed loop", res.target)
	res.acks, res.closedN, res.closedErr = closedLoop(ctx, newTarget(pub, o.conns), w, o.conns, o.duration, o.maxReq)
	stopProf()
	logf("%s: open loop", res.target)
	var openAcked int
	res.p50, res.p99, res.p999, openAcked, res.openErr = openLoop(ctx, newTarget(pub, 2048), w, o.rate, o.rateDur)
	res.acked = res.closedN + openAcked
	res.rssMB = p.peakRSS()
	heapProfile(o, pprofAddr, db+"-ingest")
	p.stop()

	// Phase 2: the worker unthrottled drains the queue; then the links are redeemed.
	before, _ := e.sink.snapshot()
	p, err = startProc(ctx, o.bin, []string{"serve"}, ferryEnv(e, dsn, pub, adm, append(extra,
		"FERRY_WORKER_RATE=1000000", fmt.Sprintf("FERRY_WORKER_CONCURRENCY=%d", o.workerConc), "FERRY_WORKER_POLL=20ms",
	)...), filepath.Join(logDir, "worker.log"), "http://"+pub+"/healthz")
	if err != nil {
		return nil, err
	}
	logf("%s: worker drain", res.target)
	stopProf = profile(o, pprofAddr, db+"-worker", o.drain/2)
	t0 := time.Now()
	deadline := t0.Add(o.drain)
	var lastN int64
	var lastAt time.Time
	for time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(200 * time.Millisecond)
		n, at := e.sink.snapshot()
		if n > lastN {
			lastN, lastAt = n, at
		} else if n > before && time.Since(lastAt) > 2*time.Second {
			break // drained
		}
	}
	stopProf()
	if lastN > before {
		res.repliesN = int(lastN - before)
		res.replies = float64(res.repliesN) / lastAt.Sub(t0).Seconds()
	}
	res.rssMB = max(res.rssMB, p.peakRSS())
	p.stop()

	// Phase 3: link redemptions, with the worker all but idle (it would compete for the
	// database while it drains what is left of the queue).
	p, err = startProc(ctx, o.bin, []string{"serve"}, ferryEnv(e, dsn, pub, adm, append(extra,
		"FERRY_WORKER_RATE=0.001", "FERRY_WORKER_CONCURRENCY=1", "FERRY_LINK_RATE_LIMIT=100000000")...),
		filepath.Join(logDir, "links.log"), "http://"+pub+"/healthz")
	if err != nil {
		return nil, err
	}
	defer p.stop()
	tokens := e.sink.takeTokens()
	if len(tokens) > o.redeem {
		tokens = tokens[:o.redeem]
	}
	logf("%s: redeeming %d links", res.target, len(tokens))
	stopProf = profile(o, pprofAddr, db+"-redeem", 2*time.Second)
	res.redeems, res.redeemN, res.redeemErr = redeem(ctx, "http://"+pub, pub, tokens, o.conns)
	stopProf()
	res.rssMB = max(res.rssMB, p.peakRSS())

	gdb, err := store.Connect(dsn)
	if err != nil {
		return nil, err
	}
	gdb.Table("messages").Count(&res.stored)
	var pending int64
	gdb.Table("jobs").Where("state IN ?", []string{"pending", "sending"}).Count(&pending)
	if pending > 0 {
		res.notes = append(res.notes, fmt.Sprintf("%d reply jobs still queued when the %s worker phase ended", pending, o.drain))
	}
	if sdb, err := gdb.DB(); err == nil {
		sdb.Close()
	}
	if !o.keepLogs {
		return res, nil
	}
	res.notes = append(res.notes, "logs in "+logDir)
	return res, nil
}

// redeem opens each link's landing page (GET) and redeems it (POST → 303).
func redeem(ctx context.Context, base, addr string, tokens []string, conns int) (rate float64, ok, bad int) {
	if len(tokens) == 0 {
		return 0, 0, 0
	}
	c := &fasthttp.HostClient{Addr: addr, MaxConns: conns, ReadTimeout: 15 * time.Second, WriteTimeout: 15 * time.Second}
	var next, good, fail atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(resp)
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(tokens)) {
					return
				}
				u := base + "/l/" + tokens[i]
				req.Reset()
				req.SetRequestURI(u)
				req.Header.SetMethod(fasthttp.MethodGet)
				if err := c.DoTimeout(req, resp, 15*time.Second); err != nil || resp.StatusCode() != 200 {
					fail.Add(1)
					noteFailure("GET", resp.StatusCode(), err)
					continue
				}
				req.Reset()
				req.SetRequestURI(u)
				req.Header.SetMethod(fasthttp.MethodPost)
				req.Header.SetContentType("application/x-www-form-urlencoded")
				if err := c.DoTimeout(req, resp, 15*time.Second); err != nil || resp.StatusCode() != 303 {
					fail.Add(1)
					noteFailure("POST", resp.StatusCode(), err)
					continue
				}
				good.Add(1)
			}
		}()
	}
	wg.Wait()
	failMu.Lock()
	if len(failures) > 0 {
		logf("redemption failures: %v", failures)
		clear(failures)
	}
	failMu.Unlock()
	return float64(good.Load()) / time.Since(start).Seconds(), int(good.Load()), int(fail.Load())
}

var (
	failMu   sync.Mutex
	failures = map[string]int{}
)

func noteFailure(method string, code int, err error) {
	k := fmt.Sprintf("%s %d", method, code)
	if err != nil {
		k = method + " " + err.Error()
	}
	failMu.Lock()
	failures[k]++
	failMu.Unlock()
}
