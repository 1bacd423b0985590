# Ferry's Vault policy: least privilege.
#
# Ferry reads its secrets from KV v2, signs deep links and audit checkpoints
# with Transit (and reads the keys' public halves for JWKS), encrypts platform
# sender ids with Transit, and keeps its own token alive. Nothing else: it
# cannot write secrets, rotate or export keys, or touch policies and auth.
#
# `ferry vault bootstrap` writes this policy as "ferry". The mount paths below
# are the defaults (KV v2 at secret/, prefix ferry/, Transit at transit/);
# bootstrap rewrites them when other mounts are configured.

# Platform secrets and the pseudonym key (KV v2 data: read only).
path "secret/data/ferry/*" {
  capabilities = ["read"]
}

# List what exists under Ferry's prefix (no access to versions or metadata writes).
path "secret/metadata/ferry/*" {
  capabilities = ["list"]
}

# Deep-link signing key: sign, and read the public keys (JWKS).
path "transit/sign/ferry-links" {
  capabilities = ["update"]
}

path "transit/keys/ferry-links" {
  capabilities = ["read"]
}

# Audit checkpoint signing key: sign, and read the public keys.
path "transit/sign/ferry-audit" {
  capabilities = ["update"]
}

path "transit/keys/ferry-audit" {
  capabilities = ["read"]
}

# Platform sender ids are stored only encrypted: gateway/envelope asks Transit for data
# keys (datakey/plaintext), seals locally with AES-GCM, and unwraps with decrypt.
path "transit/datakey/plaintext/ferry-sender" {
  capabilities = ["update"]
}

path "transit/encrypt/ferry-sender" {
  capabilities = ["update"]
}

path "transit/decrypt/ferry-sender" {
  capabilities = ["update"]
}

# Keep the token alive and check it (readiness).
path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/lookup-self" {
  capabilities = ["read"]
}
