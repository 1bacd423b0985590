package portal

import (
	"sync"
	"time"
)

// ipLimiter is a token bucket per source address, with a bounded number of tracked sources.
type ipLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	max     int // tracked sources; full buckets are dropped first when over
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newIPLimiter(perSecond float64, burst int) *ipLimiter {
	if perSecond <= 0 {
		perSecond = 1
	}
	if burst <= 0 {
		burst = 20
	}
	return &ipLimiter{rate: perSecond, burst: float64(burst), buckets: map[string]*bucket{}, max: 100_000}
}

// allow takes one token from ip's bucket.
func (l *ipLimiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[ip]
	if !ok {
		if len(l.buckets) >= l.max {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[ip] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(l.burst, b.tokens+el*l.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sweep forgets sources whose bucket has refilled (they would start full anyway); if that
// frees nothing, it forgets everything rather than grow without bound.
func (l *ipLimiter) sweep(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for ip, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, ip)
		}
	}
	if len(l.buckets) >= l.max {
		clear(l.buckets)
	}
}
