// Command load is Ferry's load script (`make bench`). On loopback only, bounded in
// requests and seconds, it starts a real dev Vault, a local Graph API sink and the real
// ferry binary (SQLite, then PostgreSQL on a fresh database), sends signed Messenger
// webhooks with a synthetic text mix, and in the same run sends the same load to a
// baseline (a bare fiber handler that only verifies the HMAC and answers 200). It prints:
//
//   - acknowledged requests/s in a closed loop over N connections, and the ratio to the
//     baseline;
//   - p50/p99/p99.9 acknowledgement latency at a fixed open-loop rate (1,000 req/s by
//     default), measured from each request's scheduled time (no coordinated omission);
//   - replies sent/s by the delivery worker (ferry restarted with the worker unthrottled,
//     draining the jobs the ingest phases queued);
//   - link redemptions/s (GET landing page + POST redemption) with tokens from the sink;
//   - peak RSS of the ferry process (VmHWM).
//
// It also counts, after each run, that every acknowledged webhook is in the database.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

type options struct {
	bin        string
	conns      int
	duration   time.Duration
	maxReq     int
	rate       int
	rateDur    time.Duration
	drain      time.Duration
	redeem     int
	dbs        string
	postgres   string
	maxTime    time.Duration
	pprofDir   string
	keepLogs   bool
	workerConc int
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "./ferry", "the ferry binary")
	flag.IntVar(&o.conns, "conns", 32, "connections of the closed loop")
	flag.DurationVar(&o.duration, "duration", 8*time.Second, "closed-loop phase length, per target")
	flag.IntVar(&o.maxReq, "max-requests", 200_000, "request cap of the closed-loop phase, per target")
	flag.IntVar(&o.rate, "rate", 1000, "open-loop rate, requests/s")
	flag.DurationVar(&o.rateDur, "rate-duration", 5*time.Second, "open-loop phase length")
	flag.DurationVar(&o.drain, "drain", 10*time.Second, "worker phase length (replies/s)")
	flag.IntVar(&o.redeem, "redeem", 6000, "links to redeem at most")
	flag.StringVar(&o.dbs, "db", "sqlite,postgres", "databases to run on")
	flag.StringVar(&o.postgres, "postgres", envOr("FERRY_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), "PostgreSQL admin DSN (a fresh database is created)")
	flag.DurationVar(&o.maxTime, "max-time", 10*time.Minute, "hard limit of the whole run")
	flag.StringVar(&o.pprofDir, "pprof", "", "write CPU profiles of ferry's phases here (uses FERRY_PPROF_LISTEN)")
	flag.BoolVar(&o.keepLogs, "keep-logs", false, "keep ferry's logs in the temp dir")
	flag.IntVar(&o.workerConc, "worker-concurrency", 32, "FERRY_WORKER_CONCURRENCY of the worker phase")
	baseline := flag.String("serve-baseline", "", "internal: serve the baseline handler on this address")
	flag.Parse()
	if *baseline != "" {
		serveBaseline(*baseline, os.Getenv("LOAD_BASELINE_SECRET"))
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.maxTime)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// result is one row of the table.
type result struct {
	target    string
	acks      float64 // closed loop, acknowledged/s
	closedN   int
	closedErr int
	p50       time.Duration
	p99       time.Duration
	p999      time.Duration
	openErr   int
	replies   float64
	repliesN  int
	redeems   float64
	redeemN   int
	redeemErr int
	rssMB     float64
	acked     int // 200s received over all phases
	stored    int64
	skipped   string
	notes     []string
}

func run(ctx context.Context, o options) error {
	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("ferry binary %s: %w (run `go build -o ferry .`)", o.bin, err)
	}
	env, err := startEnv(ctx)
	if err != nil {
		return err
	}
	env.keep = o.keepLogs
	defer env.close()
	logf("vault %s, sink %s", env.vault.Addr, env.sink.url)

	var rows []*result
	base, err := runBaseline(ctx, o, env)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	rows = append(rows, base)
	for _, db := range strings.Split(o.dbs, ",") {
		if ctx.Err() != nil {
			break
		}
		r, err := runFerry(ctx, o, env, strings.TrimSpace(db))
		if err != nil {
			return fmt.Errorf("ferry on %s: %w", db, err)
		}
		rows = append(rows, r)
	}
	printTable(o, rows)
	for _, r := range rows {
		if r.skipped == "" && r.target != "baseline" && r.stored < int64(r.acked) {
			return fmt.Errorf("%s: %d webhooks acknowledged but only %d stored", r.target, r.acked, r.stored)
		}
	}
	return nil
}

func printTable(o options, rows []*result) {
	var base *result
	for _, r := range rows {
		if r.target == "baseline" {
			base = r
		}
	}
	fmt.Printf("\nFerry load (%d closed-loop connections for %s; open loop %d req/s for %s; loopback, %s)\n\n",
		o.conns, o.duration, o.rate, o.rateDur, time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("| target | acks/s (closed) | vs baseline | p50 | p99 | p99.9 | errors | replies/s | redemptions/s | peak RSS | acked → stored |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		if r.skipped != "" {
			fmt.Printf("| %s | skipped: %s |||||||||\n", r.target, r.skipped)
			continue
		}
		ratio := "—"
		if base != nil && r != base && base.acks > 0 {
			ratio = fmt.Sprintf("%.0f %%", 100*r.acks/base.acks)
		}
		replies, redeems, rss, stored := "—", "—", "—", "—"
		if r.target != "baseline" {
			replies = fmt.Sprintf("%.0f (%d)", r.replies, r.repliesN)
			redeems = fmt.Sprintf("%.0f (%d ok, %d bad)", r.redeems, r.redeemN, r.redeemErr)
			rss = fmt.Sprintf("%.0f MB", r.rssMB)
			stored = fmt.Sprintf("%d → %d", r.acked, r.stored)
		}
		fmt.Printf("| %s | %.0f (%d) | %s | %s | %s | %s | %d | %s | %s | %s | %s |\n", r.target, r.acks, r.closedN, ratio,
			ms(r.p50), ms(r.p99), ms(r.p999), r.closedErr+r.openErr, replies, redeems, rss, stored)
	}
	fmt.Printf("\nTargets (issue 7): acks/s >= 50 %% of baseline; p99 <= 25 ms at %d req/s; redemptions >= 3,000/s; RSS <= 150 MB.\n", o.rate)
	for _, r := range rows {
		if r.skipped != "" || r.target == "baseline" {
			continue
		}
		var miss []string
		if base != nil && base.acks > 0 && r.acks < base.acks/2 {
			miss = append(miss, fmt.Sprintf("ack rate %.0f %% of baseline", 100*r.acks/base.acks))
		}
		if r.p99 > 25*time.Millisecond {
			miss = append(miss, "p99 "+ms(r.p99))
		}
		if r.redeems < 3000 {
			miss = append(miss, fmt.Sprintf("redemptions %.0f/s", r.redeems))
		}
		if r.rssMB > 150 {
			miss = append(miss, fmt.Sprintf("RSS %.0f MB", r.rssMB))
		}
		if len(miss) == 0 {
			fmt.Printf("%s: all targets met\n", r.target)
		} else {
			fmt.Printf("%s: missed: %s\n", r.target, strings.Join(miss, "; "))
		}
		for _, n := range r.notes {
			fmt.Printf("  note: %s\n", n)
		}
	}
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
