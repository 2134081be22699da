import fc from "fast-check";
import { createPublicKey } from "node:crypto";
import { jwtDecrypt, jwtVerify, importJWK } from "jose";
import { z } from "zod";
import type { KeyStore, StoredKey } from "../../shared/adapters/keys/index.js";
import {
  HintRefused,
  InProcessReplayGuard,
  jwksOf,
  KeyRing,
  lisRolesOf,
  localeOf,
  matchesEtag,
  newPlatformKey,
  openHint,
  planRotation,
  Pseudonyms,
  readKeys,
  roleUri,
  rotateKeys,
  rotationPolicy,
  seal,
  sealHint,
  SealRefused,
  signIdToken,
  unseal,
  type LaunchHint,
  type PlatformKey,
} from "../../shared/lti/index.js";

class MemoryKeyStore implements KeyStore {
  readonly keys = new Map<string, string>();
  async list(): Promise<StoredKey[]> {
    return [...this.keys].map(([kid, document]) => ({ kid, document }));
  }
  async put(key: StoredKey): Promise<void> {
    this.keys.set(key.kid, key.document);
  }
  async delete(kid: string): Promise<void> {
    this.keys.delete(kid);
  }
}

const day = 86_400_000;
let made = 0;
/** A key without RSA maths: rotation only looks at states and times. */
const fakeKey = async (state: "next" | "current", now: Date): Promise<PlatformKey> => ({
  kid: `k${++made}`,
  state,
  privateJwk: { kty: "RSA", n: "AQAB", e: "AQAB", d: "AQAB" },
  publicJwk: { kty: "RSA", n: "AQAB", e: "AQAB" },
  hintSecret: "c2VjcmV0",
  publishedAt: now.toISOString(),
  ...(state === "current" ? { signingFrom: now.toISOString() } : {}),
});

describe("key rotation rules", () => {
  it("over a year of timer runs with random gaps: one signer, published before it signs, published for the overlap after", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 50, maxLength: 200 }), async (gapsInHours) => {
        const store = new MemoryKeyStore();
        const start = Date.UTC(2026, 0, 1);
        let t = start;
        let first: string | undefined;
        for (const gap of gapsInHours.map((h) => h * 3_600_000 * 2)) {
          await rotateKeys(store, new Date(t), rotationPolicy, fakeKey);
          const keys = await readKeys(store);
          first ??= keys[0]!.kid;
          const current = keys.filter((k) => k.state === "current");
          expect(current).toHaveLength(1);
          expect(keys.filter((k) => k.state !== "retired").length).toBeLessThanOrEqual(3);
          for (const key of keys) {
            if (key.signingFrom && key.kid !== first) {
              expect(Date.parse(key.signingFrom) - Date.parse(key.publishedAt)).toBeGreaterThanOrEqual(rotationPolicy.publishAheadMs);
            }
            if (key.retiredAt) expect(Date.parse(key.retiredAt) - Date.parse(key.signingUntil!)).toBeGreaterThanOrEqual(rotationPolicy.overlapMs);
            if (key.state === "retired") expect(key.privateJwk).toBeUndefined();
          }
          t += gap;
        }
      }),
      { numRuns: 40 },
    );
  });

  it("walks one key through next → current → previous → retired → forgotten at the policy's times", async () => {
    const store = new MemoryKeyStore();
    const t0 = Date.UTC(2026, 0, 1);
    const at = (days: number) => new Date(t0 + days * day);
    expect(await rotateKeys(store, at(0), rotationPolicy, fakeKey)).toEqual([{ kind: "bootstrap" }]);
    expect(await rotateKeys(store, at(27), rotationPolicy, fakeKey)).toEqual([]);
    expect(await rotateKeys(store, at(28), rotationPolicy, fakeKey)).toEqual([{ kind: "publish-next" }]);
    const [first, second] = (await readKeys(store)).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)).map((k) => k.kid);
    expect(await rotateKeys(store, at(29.99), rotationPolicy, fakeKey)).toEqual([]);
    expect(await rotateKeys(store, at(30), rotationPolicy, fakeKey)).toEqual([{ kind: "promote", next: second, current: [first] }]);
    expect(await rotateKeys(store, at(36.99), rotationPolicy, fakeKey)).toEqual([]);
    expect(await rotateKeys(store, at(37), rotationPolicy, fakeKey)).toEqual([{ kind: "retire", kid: first }]);
    expect(await rotateKeys(store, at(57), rotationPolicy, fakeKey)).toEqual([]);
    expect(await rotateKeys(store, at(58), rotationPolicy, fakeKey)).toEqual([{ kind: "publish-next" }]);
    expect(await rotateKeys(store, at(66.99), rotationPolicy, fakeKey)).toEqual([{ kind: "promote", next: expect.any(String), current: [second] }]);
    expect(await rotateKeys(store, at(67), rotationPolicy, fakeKey)).toEqual([{ kind: "forget", kid: first }]);
    expect([...store.keys.keys()]).not.toContain(first);
  });

  it("never promotes a next key that has not been published long enough, even when the current one is overdue", () => {
    const t0 = Date.UTC(2026, 0, 1);
    const keys: PlatformKey[] = [
      { kid: "old", state: "current", publicJwk: { kty: "RSA", n: "AQAB", e: "AQAB" }, publishedAt: new Date(t0).toISOString(), signingFrom: new Date(t0).toISOString() },
      { kid: "new", state: "next", publicJwk: { kty: "RSA", n: "AQAB", e: "AQAB" }, publishedAt: new Date(t0 + 60 * day).toISOString() },
    ];
    expect(planRotation(keys, new Date(t0 + 61 * day))).toEqual([]);
    expect(planRotation(keys, new Date(t0 + 62 * day))).toEqual([{ kind: "promote", next: "new", current: ["old"] }]);
  });

  it("keeps the oldest of two current keys (two instances bootstrapping at once) and demotes the other", () => {
    const key = (kid: string, at: string): PlatformKey => ({ kid, state: "current", publicJwk: { kty: "RSA", n: "AQAB", e: "AQAB" }, publishedAt: at, signingFrom: at });
    const keys = [key("b", "2026-01-01T00:00:01.000Z"), key("a", "2026-01-01T00:00:00.000Z")];
    expect(planRotation(keys, new Date("2026-01-02T00:00:00.000Z"))).toEqual([{ kind: "demote-extra", kid: "b" }]);
  });
});

describe("the JWKS", () => {
  const key = (kid: string, state: PlatformKey["state"]): PlatformKey => ({ kid, state, publicJwk: { kty: "RSA", n: `n${kid}`, e: "AQAB" }, publishedAt: "2026-01-01T00:00:00.000Z" });

  it("lists the current key first, then the next and the previous ones, never a retired one or a private part", () => {
    const jwks = jwksOf([key("p", "previous"), key("r", "retired"), key("n", "next"), key("c", "current")]);
    expect(JSON.parse(jwks.body)).toEqual({
      keys: ["c", "n", "p"].map((kid) => ({ kty: "RSA", kid, use: "sig", alg: "RS256", n: `n${kid}`, e: "AQAB" })),
    });
  });

  it("has an ETag that follows the published keys", () => {
    const one = jwksOf([key("c", "current")]);
    expect(jwksOf([key("c", "current"), key("r", "retired")]).etag).toBe(one.etag);
    expect(jwksOf([key("c", "current"), key("n", "next")]).etag).not.toBe(one.etag);
    expect(matchesEtag(one.etag, one.etag)).toBe(true);
    expect(matchesEtag(`"x", ${one.etag}`, one.etag)).toBe(true);
    expect(matchesEtag("*", one.etag)).toBe(true);
    expect(matchesEtag('"other"', one.etag)).toBe(false);
    expect(matchesEtag(null, one.etag)).toBe(false);
  });
});

describe("pseudonyms", () => {
  const pseudonyms = new Pseudonyms("unit-test-pseudonym-key-0123456789abcdef");

  it("give one person a stable sub per tool, different between tools and between keys, that reveals nothing of the person id", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), (personId, toolA, toolB) => {
        fc.pre(toolA !== toolB);
        const sub = pseudonyms.subjectOf(personId, toolA);
        expect(pseudonyms.subjectOf(personId, toolA)).toBe(sub);
        expect(pseudonyms.subjectOf(personId, toolB)).not.toBe(sub);
        expect(new Pseudonyms("another-pseudonym-key-0123456789abcdef").subjectOf(personId, toolA)).not.toBe(sub);
        expect(sub).not.toContain(personId.slice(0, 8));
        expect(sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }),
    );
  });

  it("keep sub, context and resource link pseudonyms apart, and parts from running into each other", () => {
    expect(pseudonyms.subjectOf("x", "tool")).not.toBe(pseudonyms.contextIdOf("x", "tool"));
    expect(pseudonyms.subjectOf("ab", "c")).not.toBe(pseudonyms.subjectOf("a", "bc"));
  });
});

describe("roles and locale", () => {
  const courseRoles: string[] = [roleUri.learner, roleUri.instructor, roleUri.courseAdministrator];

  it("always lead with exactly one course role", () => {
    fc.assert(
      fc.property(fc.subarray(["pupil", "teacher", "schoolAdmin"], { minLength: 1 }), fc.constantFrom(undefined, "pupil" as const, "teacher" as const), (roles, membership) => {
        const lis = lisRolesOf(roles, membership);
        expect(courseRoles).toContain(lis[0]);
        expect(lis.filter((role) => courseRoles.includes(role))).toHaveLength(1);
        for (const role of lis) expect(role).toMatch(/^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/(membership|institution\/person)#\w+$/);
      }),
    );
    expect(lisRolesOf(["pupil"])).toEqual([roleUri.learner, roleUri.student]);
    expect(lisRolesOf(["teacher"], "teacher")).toEqual([roleUri.instructor, roleUri.institutionInstructor]);
    expect(lisRolesOf(["schoolAdmin"])).toEqual([roleUri.courseAdministrator, roleUri.institutionAdministrator]);
  });

  it("take ?locale= first, then the best supported Accept-Language, else Dutch", () => {
    expect(localeOf("fr", "en")).toBe("fr");
    expect(localeOf(undefined, "de-DE, fr-BE;q=0.8, en;q=0.9")).toBe("en");
    expect(localeOf(undefined, "fr-BE,fr;q=0.9")).toBe("fr");
    expect(localeOf("de", "de")).toBe("nl");
    expect(localeOf(undefined, null)).toBe("nl");
  });
});

describe("single use", () => {
  it("accepts an id once until it expires, and forgets it afterwards", () => {
    const guard = new InProcessReplayGuard();
    expect(guard.firstUse("a", 1000, 0)).toBe(true);
    expect(guard.firstUse("a", 1000, 500)).toBe(false);
    expect(guard.firstUse("b", 2000, 999)).toBe(true);
    expect(guard.firstUse("c", 3000, 1500)).toBe(true);
    expect(guard.size).toBe(2);
  });

  it("refuses new ids when full of unexpired ones rather than forgetting a live one", () => {
    const guard = new InProcessReplayGuard(2);
    expect(guard.firstUse("a", 1000, 0)).toBe(true);
    expect(guard.firstUse("b", 1000, 0)).toBe(true);
    expect(guard.firstUse("c", 1000, 0)).toBe(false);
    expect(guard.firstUse("a", 1000, 0)).toBe(false);
    expect(guard.firstUse("c", 2000, 1000)).toBe(true);
  });
});

describe("the message hint and the id_token", () => {
  let ring: KeyRing;
  let other: KeyRing;
  const hint: Omit<LaunchHint, "jti"> = {
    toolId: "tool",
    deploymentId: "school-123456",
    schoolId: "school-123456",
    personId: "person",
    session: "binding",
    sub: "sub",
    roles: [roleUri.learner],
    message: { type: "LtiResourceLinkRequest", resourceLink: { id: "rl" }, targetLinkUri: "https://tool.example/" },
    locale: "nl",
    documentTarget: "window",
    person: {},
  };
  const now = new Date("2026-05-01T10:00:00.000Z");

  beforeAll(async () => {
    ring = new KeyRing([await newPlatformKey("current", now)], now.getTime());
    other = new KeyRing([await newPlatformKey("current", now)], now.getTime());
  });

  it("opens what it sealed, and so does jose: a standard compact JWE", async () => {
    const { hint: token, jti } = sealHint(hint, ring, now);
    expect(openHint(token, ring, now)).toMatchObject({ ...hint, jti, exp: now.getTime() / 1000 + 300 });
    const { payload, protectedHeader } = await jwtDecrypt(token, ring.hintKeyFor(ring.signer.kid)!, { currentDate: now });
    expect(protectedHeader).toMatchObject({ alg: "dir", enc: "A256GCM", kid: ring.signer.kid, typ: "lti-message-hint+jwt" });
    expect(payload).toMatchObject({ sub: "sub", jti });
  });

  it("refuses a hint that was altered, sealed under an unknown key, or has expired", () => {
    const { hint: token } = sealHint(hint, ring, now);
    const problem = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        if (error instanceof HintRefused) return error.problem;
        throw error;
      }
      return "accepted";
    };
    const parts = token.split(".");
    const flipped = [...parts];
    flipped[3] = `${parts[3]!.slice(0, -2)}${parts[3]!.slice(-2) === "AA" ? "AB" : "AA"}`;
    expect(problem(() => openHint(flipped.join("."), ring, now))).toBe("invalid");
    expect(problem(() => openHint("not-a-hint", ring, now))).toBe("invalid");
    expect(problem(() => openHint(undefined, ring, now))).toBe("missing");
    expect(problem(() => openHint(token, other, now))).toBe("unknown-key");
    expect(problem(() => openHint(token, ring, new Date(now.getTime() + 299_000)))).toBe("accepted");
    expect(problem(() => openHint(token, ring, new Date(now.getTime() + 300_000)))).toBe("expired");
    const reheaded = [Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM", kid: ring.signer.kid, typ: "other" })).toString("base64url"), ...parts.slice(1)];
    expect(problem(() => openHint(reheaded.join("."), ring, now))).toBe("invalid");
  });

  it("keeps sealed kinds apart and accepts only the full 128-bit tag", () => {
    const { hint: token } = sealHint(hint, ring, now);
    expect(() => unseal("lti-picture+jwt", token, ring, now, z.object({ blob: z.string() }))).toThrow(SealRefused);
    const picture = seal("lti-picture+jwt", { schoolId: "s", blob: "b" }, ring, now, 60).token;
    expect(() => openHint(picture, ring, now)).toThrow(HintRefused);
    const parts = token.split(".");
    const shortTag = [...parts.slice(0, 4), Buffer.from(parts[4]!, "base64url").subarray(0, 4).toString("base64url")].join(".");
    expect(() => openHint(shortTag, ring, now)).toThrow(HintRefused);
  });

  it("signs an id_token that jose verifies with the published key", async () => {
    const token = signIdToken({ iss: "https://leerspoor.example", aud: "tool", sub: "sub", iat: 1, exp: 4_000_000_000 }, ring);
    const published = (JSON.parse(ring.jwks.body) as { keys: Record<string, string>[] }).keys[0]!;
    const { payload, protectedHeader } = await jwtVerify(token, await importJWK(published, "RS256"), { issuer: "https://leerspoor.example", audience: "tool" });
    expect(protectedHeader).toEqual({ alg: "RS256", kid: ring.signer.kid, typ: "JWT" });
    expect(payload.sub).toBe("sub");
    expect(createPublicKey({ key: published, format: "jwk" }).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});
