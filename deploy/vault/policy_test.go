package vaultpolicy

import (
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/hcl"
)

// TestPolicyIsLeastPrivilege pins the exact paths and capabilities: any
// widening of Ferry's policy has to change this test too.
func TestPolicyIsLeastPrivilege(t *testing.T) {
	var doc struct {
		Path map[string]struct {
			Capabilities []string `hcl:"capabilities"`
		} `hcl:"path"`
	}
	if err := hcl.Decode(&doc, HCL); err != nil {
		t.Fatalf("ferry.hcl does not parse: %v", err)
	}
	want := map[string][]string{
		"secret/data/ferry/*":          {"read"},
		"secret/metadata/ferry/*":      {"list"},
		"transit/sign/ferry-links":     {"update"},
		"transit/sign/ferry-audit":     {"update"},
		"transit/keys/ferry-links":     {"read"},
		"transit/keys/ferry-audit":     {"read"},
		"transit/encrypt/ferry-sender": {"update"},
		"transit/decrypt/ferry-sender": {"update"},
		// gateway/envelope: data keys for local AES-GCM sealing of sender ids.
		"transit/datakey/plaintext/ferry-sender": {"update"},
		"auth/token/renew-self":                  {"update"},
		"auth/token/lookup-self":                 {"read"},
	}
	got := map[string][]string{}
	for p, b := range doc.Path {
		got[p] = b.Capabilities
	}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("policy paths:\n got %v\nwant %v", got, want)
	}
}
