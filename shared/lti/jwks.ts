import { createHash } from "node:crypto";
import type { PlatformKey } from "./keys.js";

/** The JWKS as served: a few hundred bytes per key (some tools keep it in 64 KB of storage). */
export interface Jwks {
  body: string;
  etag: string;
}

/** Tools may keep the JWKS this long; rotation publishes a key days before it signs. */
export const jwksMaxAgeSeconds = 900;

const order = { current: 0, next: 1, previous: 2, retired: 3 } as const;

/**
 * The published keys: the current one first (some tool libraries take the first key), then
 * the next (published before it signs), then the previous ones (still verifying during the
 * overlap). Retired keys are left out.
 */
export function jwksOf(keys: readonly PlatformKey[]): Jwks {
  const published = keys
    .filter((k) => k.state !== "retired")
    .sort((a, b) => order[a.state] - order[b.state] || a.kid.localeCompare(b.kid))
    .map((k) => ({ kty: k.publicJwk.kty, kid: k.kid, use: "sig", alg: "RS256", n: k.publicJwk.n, e: k.publicJwk.e }));
  const body = JSON.stringify({ keys: published });
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/** Strong ETag comparison of If-None-Match (a list, or `*`). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((candidate) => {
    const value = candidate.trim();
    return value === "*" || value === etag || value === `W/${etag}`;
  });
}

/** The JWKS endpoint's answer: small, cacheable by anyone, 304 when the tool's copy is current. */
export function jwksResponse(jwks: Jwks, ifNoneMatch: string | null): { status: number; headers: Record<string, string>; body?: string } {
  const headers = {
    "content-type": "application/json",
    "cache-control": `public, max-age=${jwksMaxAgeSeconds}`,
    etag: jwks.etag,
    // Browser-based tools may read it too; it is public by nature.
    "access-control-allow-origin": "*",
  };
  return matchesEtag(ifNoneMatch, jwks.etag) ? { status: 304, headers } : { status: 200, headers, body: jwks.body };
}
