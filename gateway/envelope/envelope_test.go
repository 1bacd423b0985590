package envelope_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/envelope"
	"github.com/ferryhealth/ferry/secrets/devvault"
)

// keyring is an in-process Transit stand-in for unit tests: it hands out data keys and
// remembers them by an opaque handle. (The integration test below uses a real Vault.)
type keyring struct {
	keys  map[string][]byte
	calls atomic.Int32
	down  atomic.Bool
}

func (k *keyring) DataKey(context.Context) ([]byte, string, error) {
	k.calls.Add(1)
	if k.down.Load() {
		return nil, "", errors.New("vault down")
	}
	b := make([]byte, 32)
	rand.Read(b)
	h := "vault:v1:" + string(rune('a'+len(k.keys)))
	k.keys[h] = b
	return b, h, nil
}

func (k *keyring) Unwrap(_ context.Context, w string) ([]byte, error) {
	if k.down.Load() {
		return nil, errors.New("vault down")
	}
	b, ok := k.keys[w]
	if !ok {
		return nil, errors.New("unknown key")
	}
	return b, nil
}

func TestSealOpenRoundTripAndTamper(t *testing.T) {
	kr := &keyring{keys: map[string][]byte{}}
	s := envelope.New(kr, time.Hour)
	ctx := context.Background()
	secret := []byte(`{"s":"PSID-123"}`)
	a, err := s.Seal(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Seal(ctx, secret)
	if a == b {
		t.Fatal("two seals of the same value are identical (nonce reuse)")
	}
	if strings.Contains(a, "PSID") {
		t.Fatal("plaintext visible in the sealed value")
	}
	if kr.calls.Load() != 1 {
		t.Fatalf("data key requested %d times, want once", kr.calls.Load())
	}
	got, err := envelope.New(kr, time.Hour).Open(ctx, a) // a fresh sealer unwraps through Transit
	if err != nil || string(got) != string(secret) {
		t.Fatalf("open: %v %q", err, got)
	}
	tampered := a[:len(a)-2] + "AA"
	if _, err := s.Open(ctx, tampered); err == nil {
		t.Fatal("tampered ciphertext opened")
	}
	for _, bad := range []string{"", "fe1:", "fe1:abc", "plain", "fe1:!!:!!"} {
		if _, err := s.Open(ctx, bad); err == nil {
			t.Fatalf("malformed %q opened", bad)
		}
	}
	// Through an outage the current data key keeps sealing.
	kr.down.Store(true)
	if _, err := s.Seal(ctx, secret); err != nil {
		t.Fatalf("seal during outage: %v", err)
	}
}

func TestSealerWithRealVault(t *testing.T) {
	vs := devvault.StartT(t)
	api, err := vs.Client()
	if err != nil {
		t.Fatal(err)
	}
	s := envelope.New(envelope.VaultTransit{API: api, Mount: "transit", Key: "ferry-sender"}, time.Hour)
	ctx := context.Background()
	sealed, err := s.Seal(ctx, []byte("PSID-42"))
	if err != nil {
		t.Fatal(err)
	}
	other := envelope.New(envelope.VaultTransit{API: api, Mount: "transit", Key: "ferry-sender"}, time.Hour)
	got, err := other.Open(ctx, sealed)
	if err != nil || string(got) != "PSID-42" {
		t.Fatalf("open through Vault: %v %q", err, got)
	}
}
