#!/usr/bin/env python3
"""Verify a Ferry deep-link token the way a patient portal should.

Example verifier for docs/portal-verify.md. Needs PyJWT >= 2.4 with the
`cryptography` package (Debian: python3-jwt; pip: "pyjwt[crypto]").

    verify_ferry_token.py --jwks https://ferry.example.org/.well-known/jwks.json \
        --issuer https://ferry.example.org --db used-links.sqlite TOKEN

Prints the verified claims as JSON and exits 0; prints the reason and exits 1
when the token is refused (bad signature, wrong algorithm, unknown kid, wrong
issuer or audience, expired, not yet valid, or already used here).
"""

import argparse
import json
import sqlite3
import sys
import time

import jwt  # PyJWT

REQUIRED = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]


def verify(token, jwks_url, issuer, audience, leeway=30):
    """Return the claims of a genuine, current Ferry link token, or raise."""
    # Only EdDSA is acceptable. Never take the algorithm from the token: a token that
    # says "none" or "HS256" must fail, not switch the check off.
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "EdDSA":
        raise jwt.InvalidAlgorithmError("alg must be EdDSA")
    # PyJWKClient fetches the JWKS, caches it (Ferry sends max-age=300) and picks the key
    # whose kid matches the token's header; an unknown kid raises.
    client = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300)
    key = client.get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        key.key,
        algorithms=["EdDSA"],
        audience=audience,
        issuer=issuer,
        leeway=leeway,
        options={"require": REQUIRED},
    )


def spend_once(db_path, claims):
    """Record the jti; False when it was used before (the link is single-use)."""
    db = sqlite3.connect(db_path)
    with db:
        db.execute("CREATE TABLE IF NOT EXISTS used_links (jti TEXT PRIMARY KEY, exp INTEGER NOT NULL)")
        db.execute("DELETE FROM used_links WHERE exp < ?", (int(time.time()) - 3600,))
        try:
            db.execute("INSERT INTO used_links (jti, exp) VALUES (?, ?)", (claims["jti"], claims["exp"]))
        except sqlite3.IntegrityError:
            return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("token")
    ap.add_argument("--jwks", required=True, help="Ferry's /.well-known/jwks.json URL")
    ap.add_argument("--issuer", required=True, help="Ferry's public URL (FERRY_PUBLIC_URL)")
    ap.add_argument("--audience", default="ferry-portal")
    ap.add_argument("--db", help="SQLite file that remembers used jti values")
    args = ap.parse_args()
    try:
        claims = verify(args.token, args.jwks, args.issuer, args.audience)
    except jwt.ExpiredSignatureError:
        print("refused: expired", file=sys.stderr)
        return 1
    except (jwt.PyJWTError, jwt.PyJWKClientError, ValueError) as e:
        print("refused: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    if args.db and not spend_once(args.db, claims):
        print("refused: already used", file=sys.stderr)
        return 1
    print(json.dumps(claims, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
