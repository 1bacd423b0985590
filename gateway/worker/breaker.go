package worker

import (
	"sync"
	"time"
)

// breaker opens after n consecutive retryable failures of a platform and stays open for
// cooldown, so a platform outage does not burn every job's attempts.
type breaker struct {
	mu        sync.Mutex
	n         int
	fails     int
	openUntil time.Time
	cooldown  time.Duration
}

func newBreaker(n int, cooldown time.Duration) *breaker { return &breaker{n: n, cooldown: cooldown} }

func (b *breaker) allow(now time.Time) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return !now.Before(b.openUntil)
}

func (b *breaker) success() {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.fails = 0
	b.mu.Unlock()
}

func (b *breaker) failure(now time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fails++
	if b.fails >= b.n {
		b.openUntil = now.Add(b.cooldown)
		b.fails = 0
	}
}
