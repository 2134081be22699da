import fc from "fast-check";
import { generateKeyPairSync } from "node:crypto";
import {
  diffVersions,
  LtiRegistration,
  statusOf,
  ToolMetadata,
  ToolRegistration,
  toolKeyProblem,
  toolUrlProblem,
  type ToolVersion,
} from "../../shared/catalogue/index.js";

describe("the diff between the live and the pending version", () => {
  const live = {
    registration: { type: "link", url: "https://a.example/x", presentation: "window" },
    metadata: { title: { nl: "Oud", en: "Old" }, subjects: ["wiskunde"], pricing: "free", accessibility: { features: [] } },
  };

  it("lists changed, added and removed fields by path, lists as a whole", () => {
    const pending = {
      registration: { type: "link", url: "https://b.example/x", presentation: "window" },
      metadata: { title: { nl: "Nieuw", fr: "Nouveau" }, subjects: ["wiskunde", "stem"], pricing: "free", accessibility: { features: [], notes: { nl: "Met ondertitels" } } },
    };
    expect(diffVersions(live, pending)).toEqual([
      { path: "metadata.accessibility.notes.nl", after: "Met ondertitels" },
      { path: "metadata.subjects", before: ["wiskunde"], after: ["wiskunde", "stem"] },
      { path: "metadata.title.en", before: "Old" },
      { path: "metadata.title.fr", after: "Nouveau" },
      { path: "metadata.title.nl", before: "Oud", after: "Nieuw" },
      { path: "registration.url", before: "https://a.example/x", after: "https://b.example/x" },
    ]);
  });

  it("lists every field of a new tool as added", () => {
    expect(diffVersions({}, live).map((change) => change.path)).toEqual(["metadata.accessibility.features", "metadata.pricing", "metadata.subjects", "metadata.title.en", "metadata.title.nl", "registration.presentation", "registration.type", "registration.url"]);
  });

  it("is empty exactly for equal versions, whatever the order of keys", () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversed(item)]))
          : value;
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(diffVersions(a, reversed(a))).toEqual([]);
        const equal = JSON.stringify(reversed(a)) === JSON.stringify(reversed(b)) || JSON.stringify(a) === JSON.stringify(b);
        if (!equal) expect(diffVersions(a, b).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe("tool URLs", () => {
  it("take https anywhere and http only on localhost of a local stack", () => {
    expect(toolUrlProblem("https://tool.example/launch", { allowLocalHttp: false })).toBeUndefined();
    expect(toolUrlProblem("http://localhost:4282/login", { allowLocalHttp: true })).toBeUndefined();
    expect(toolUrlProblem("http://127.0.0.1:4282/login", { allowLocalHttp: true })).toBeUndefined();
    expect(toolUrlProblem("http://localhost:4282/login", { allowLocalHttp: false })).toMatch(/https/);
    expect(toolUrlProblem("http://tool.example/launch", { allowLocalHttp: true })).toBe("must use https");
    expect(toolUrlProblem("javascript:alert(1)", { allowLocalHttp: true })).toBe("must use https");
    expect(toolUrlProblem("https://user:pw@tool.example/", { allowLocalHttp: true })).toMatch(/user name/);
    expect(toolUrlProblem("/relative", { allowLocalHttp: true })).toBe("is not a URL");
  });

  const lti = {
    type: "lti",
    loginInitiationUrl: "https://tool.example/login",
    redirectUris: ["https://tool.example/launch"],
    targetLinkUri: "https://tool.example/launch",
    key: { kind: "jwks-url", url: "https://tool.example/jwks" },
  };

  it("refuse wildcards, fragments and duplicates in redirect URIs, which are compared exactly", () => {
    const pathsOf = (redirectUris: string[]) =>
      LtiRegistration.safeParse({ ...lti, redirectUris }).error?.issues.map((issue) => issue.path.join("."));
    expect(pathsOf(["https://*.tool.example/launch"])).toEqual(["redirectUris.0"]);
    expect(pathsOf(["https://tool.example/launch#x"])).toEqual(["redirectUris.0"]);
    expect(pathsOf(["https://tool.example/a", "https://tool.example/a"])).toEqual(["redirectUris"]);
    expect(pathsOf(["https://tool.example/launch", "https://tool.example/launch?x=1"])).toBeUndefined();
  });

  it("fill LTI defaults: no services, no custom parameters, a new window", () => {
    expect(ToolRegistration.parse(lti)).toMatchObject({ services: [], customParameters: {}, presentation: "window" });
    expect(LtiRegistration.safeParse({ ...lti, services: ["deep-linking"] }).error?.issues[0]?.path).toEqual(["deepLinkingUrl"]);
    expect(LtiRegistration.safeParse({ ...lti, customParameters: { "bad-name": "x" } }).success).toBe(false);
    expect(LtiRegistration.safeParse({ ...lti, services: ["ags", "ags"] }).success).toBe(false);
  });
});

describe("tool public keys", () => {
  const rsa = (bits: number) => generateKeyPairSync("rsa", { modulusLength: bits });

  it("accept RSA keys of 2048 and 4096 bits as PEM or JWK", () => {
    for (const bits of [2048, 4096]) {
      const { publicKey } = rsa(bits);
      expect(toolKeyProblem({ kind: "pem", pem: publicKey.export({ type: "spki", format: "pem" }).toString() })).toBeUndefined();
      const jwk = publicKey.export({ format: "jwk" }) as { kty: "RSA"; n: string; e: string };
      expect(toolKeyProblem({ kind: "jwk", jwk })).toBeUndefined();
    }
  });

  it("refuse short RSA keys, other key types and garbage", () => {
    expect(toolKeyProblem({ kind: "pem", pem: rsa(1024).publicKey.export({ type: "spki", format: "pem" }).toString() })).toBe("must have at least 2048 bits");
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(toolKeyProblem({ kind: "pem", pem: ec })).toBe("must be an RSA key (RS256)");
    expect(toolKeyProblem({ kind: "pem", pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" })).toBe("is not a valid public key");
  });

  it("refuse a private JWK in the registration", () => {
    const jwk = rsa(2048).privateKey.export({ format: "jwk" });
    const parsed = LtiRegistration.safeParse({
      type: "lti",
      loginInitiationUrl: "https://tool.example/login",
      redirectUris: ["https://tool.example/launch"],
      targetLinkUri: "https://tool.example/launch",
      key: { kind: "jwk", jwk },
    });
    expect(parsed.success).toBe(false);
  });
});

describe("tool metadata", () => {
  const metadata = { title: { nl: "Titel" }, description: { nl: "Uitleg" }, subjects: ["wiskunde"], stages: ["kleuter"], languages: ["nl"], pricing: "free" };

  it("needs Dutch title and description, a subject, a stage and a language; fills the lists", () => {
    expect(ToolMetadata.parse(metadata)).toMatchObject({ keywords: [], onderwijsvormen: [], clusters: [], screenshots: [], accessibility: { features: [] } });
    for (const missing of ["title", "description", "subjects", "stages", "languages", "pricing"]) {
      const { [missing]: _, ...rest } = metadata as Record<string, unknown>;
      expect([missing, ToolMetadata.safeParse(rest).success]).toEqual([missing, false]);
    }
    expect(ToolMetadata.safeParse({ ...metadata, title: { en: "Title" } }).success).toBe(false);
    expect(ToolMetadata.safeParse({ ...metadata, onderwijsvormen: ["okan", "buso"], languages: ["nl", "uk"] }).success).toBe(true);
    expect(ToolMetadata.safeParse({ ...metadata, languages: ["NL"] }).success).toBe(false);
    expect(ToolMetadata.safeParse({ ...metadata, subjects: ["wiskunde", "wiskunde"] }).success).toBe(false);
  });
});

describe("tool status", () => {
  const version = (n: number) => ({ version: n }) as ToolVersion;
  it("follows the versions a tool has", () => {
    expect(statusOf({ pending: version(1) })).toBe("pending-review");
    expect(statusOf({ live: version(1) })).toBe("live");
    expect(statusOf({ live: version(1), pending: version(2) })).toBe("live-change-pending");
    expect(statusOf({ live: version(1), rejected: version(2) })).toBe("live-change-rejected");
    expect(statusOf({ live: version(3), rejected: version(2) })).toBe("live");
    expect(statusOf({ rejected: version(1) })).toBe("rejected");
  });
});
