import { createPublicKey, type KeyObject } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from "jose";
import type { ToolKey } from "../catalogue/index.js";
import type { LaunchDirectory, LtiTool } from "./launch-context.js";

/*
 * What tools sign (client assertions, deep-linking responses) is checked against the key in
 * their registration: a JWKS URL (found by `kid`), a PEM or a JWK public key.
 */

// One remote key set per JWKS URL, for the process: jose caches the keys and re-fetches on an unknown kid (with a cooldown).
const remoteKeySets = new Map<string, JWTVerifyGetKey>();
const registeredKeys = new Map<string, KeyObject>();

function verificationKeyOf(key: ToolKey): JWTVerifyGetKey | KeyObject {
  if (key.kind === "jwks-url") {
    let set = remoteKeySets.get(key.url);
    if (!set) {
      if (remoteKeySets.size >= 10_000) remoteKeySets.delete(remoteKeySets.keys().next().value!);
      set = createRemoteJWKSet(new URL(key.url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 });
      remoteKeySets.set(key.url, set);
    }
    return set;
  }
  const cacheKey = key.kind === "pem" ? key.pem : JSON.stringify(key.jwk);
  let parsed = registeredKeys.get(cacheKey);
  if (!parsed) {
    parsed = key.kind === "pem" ? createPublicKey(key.pem) : createPublicKey({ key: key.jwk, format: "jwk" });
    if (registeredKeys.size >= 10_000) registeredKeys.delete(registeredKeys.keys().next().value!);
    registeredKeys.set(cacheKey, parsed);
  }
  return parsed;
}

/** Verifies a JWT the tool signed (RS256 only) with its registered key; throws jose's errors. */
export async function verifyToolJwt(tool: LtiTool, jwt: string, options: Omit<JWTVerifyOptions, "algorithms">): Promise<JWTPayload> {
  const key = verificationKeyOf(tool.registration.key);
  const withAlgorithm = { ...options, algorithms: ["RS256"] };
  const { payload } = typeof key === "function" ? await jwtVerify(jwt, key, withAlgorithm) : await jwtVerify(jwt, key, withAlgorithm);
  return payload;
}

/**
 * The live LTI tool a JWT names as its signer (its `iss`, the client id), read before the
 * signature can be checked against that tool's key (verifyToolJwt).
 */
export async function claimedSignerOf(directory: LaunchDirectory, jwt: string): Promise<{ tool: LtiTool } | { problem: "not-a-jwt" | "no-iss" | "unknown-tool"; clientId?: string }> {
  let clientId: unknown;
  try {
    clientId = decodeJwt(jwt).iss;
  } catch {
    return { problem: "not-a-jwt" };
  }
  if (typeof clientId !== "string" || clientId.length === 0 || clientId.length > 100) return { problem: "no-iss" };
  const tool = await directory.ltiTool(clientId);
  return tool ? { tool } : { problem: "unknown-tool", clientId };
}
