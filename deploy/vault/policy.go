// Package vaultpolicy carries Ferry's Vault policy (ferry.hcl) inside the
// binary, so `ferry vault bootstrap` writes exactly the reviewed file.
package vaultpolicy

import _ "embed"

// Name is the policy name Ferry's roles are bound to.
const Name = "ferry"

// HCL is the text of deploy/vault/ferry.hcl.
//
//go:embed ferry.hcl
var HCL string
