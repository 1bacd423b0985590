package portal

import (
	"errors"
	"sync"
	"testing"
)

// TestVerifyColdStartBurst: the first tokens after start-up arrive together (the load
// script saw 16-26 of ~1,000 landing pages answer 503). Every concurrent verification must
// see the keys one of them loaded, not the "refresh skipped" of the others.
func TestVerifyColdStartBurst(t *testing.T) {
	f := newFixture(t)
	tok, _ := f.issue(t, "en")
	for round := 0; round < 20; round++ {
		v := NewVerifier(f.s, VerifierConfig{Issuer: testIss, Now: f.clk.Now}) // cold: no keys yet
		var wg sync.WaitGroup
		errs := make([]error, 64)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = v.Verify(ctxT(t), tok) }()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, caller %d: %v (unavailable: %v)", round, i, err, errors.Is(err, ErrUnavailable))
			}
		}
	}
}
