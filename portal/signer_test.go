package portal

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// localSigner is an in-process ed25519 Signer for unit tests: the same interface Vault
// Transit serves, with keys held in memory. It is a signer, not a Vault fake; the
// integration test signs through a real Vault.
type localSigner struct {
	mu       sync.Mutex
	keys     map[int]ed25519.PrivateKey
	latest   int
	pubCalls atomic.Int32
	fail     atomic.Bool // PublicKeys and Sign fail while set
}

func newLocalSigner(versions int) *localSigner {
	s := &localSigner{keys: map[int]ed25519.PrivateKey{}}
	for i := 0; i < versions; i++ {
		s.rotate()
	}
	return s
}

// rotate adds a new latest version.
func (s *localSigner) rotate() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	s.latest++
	s.keys[s.latest] = priv
	return s.latest
}

// drop removes a version, as trimming a Transit key does.
func (s *localSigner) drop(version int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, version)
}

var errSignerDown = errors.New("signer down")

func (s *localSigner) Sign(_ context.Context, key string, version int, data []byte) ([]byte, int, error) {
	if s.fail.Load() {
		return nil, 0, errSignerDown
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if key != DefaultKey {
		return nil, 0, fmt.Errorf("no key %q", key)
	}
	if version == 0 {
		version = s.latest
	}
	k, ok := s.keys[version]
	if !ok {
		return nil, 0, fmt.Errorf("no version %d", version)
	}
	return ed25519.Sign(k, data), version, nil
}

func (s *localSigner) LatestVersion(_ context.Context, key string) (int, error) {
	if s.fail.Load() {
		return 0, errSignerDown
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest, nil
}

func (s *localSigner) PublicKeys(_ context.Context, key string) (map[int]ed25519.PublicKey, error) {
	s.pubCalls.Add(1)
	if s.fail.Load() {
		return nil, errSignerDown
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int]ed25519.PublicKey{}
	for v, k := range s.keys {
		out[v] = k.Public().(ed25519.PublicKey)
	}
	return out, nil
}

// priv returns the private key of a version, for tests that forge tokens by hand.
func (s *localSigner) priv(v int) ed25519.PrivateKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys[v]
}

// memStore is a LinkStore in memory, safe for concurrent use.
type memStore struct {
	mu       sync.Mutex
	state    map[string]LinkState
	opened   []string
	redeemed []string
	rejected []string // "jti|reason"
}

func newMemStore(jtis ...string) *memStore {
	m := &memStore{state: map[string]LinkState{}}
	for _, j := range jtis {
		m.state[j] = LinkActive
	}
	return m
}

func (m *memStore) add(jti string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state[jti] = LinkActive
}

func (m *memStore) LinkState(_ context.Context, jti string) (LinkState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[jti], nil
}

func (m *memStore) OpenLink(_ context.Context, jti string, _ time.Time) (LinkState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.state[jti]
	if st == LinkActive {
		m.opened = append(m.opened, jti)
	}
	return st, nil
}

func (m *memStore) RedeemLink(_ context.Context, jti string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.state[jti] != LinkActive {
		return false, nil
	}
	m.state[jti] = LinkRedeemed
	m.redeemed = append(m.redeemed, jti)
	return true, nil
}

func (m *memStore) LinkRejected(_ context.Context, jti, reason string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rejected = append(m.rejected, jti+"|"+reason)
	return nil
}

func (m *memStore) counts() (opened, redeemed, rejected int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.opened), len(m.redeemed), len(m.rejected)
}
