import { jwtDecrypt } from "jose";
import { Writable } from "node:stream";
import { claim, DeepLinkingBinding, deepLinkingSettingsOf, KeyRing, logToolSaid, LtiResourceLinkItem, newPlatformKey, openDeepLinkOutcome, sealDeepLinkOutcome, toolSaidIn, unseal, type LtiPlatform } from "../../shared/lti/index.js";
import { createLogger } from "../../shared/runtime/index.js";

/*
 * The pure rules of Deep Linking 2.0: the request's settings and their sealed `data`, and which
 * content items the platform takes as they come.
 */

const now = new Date("2026-05-01T10:00:00.000Z");
const binding = { toolId: "tool", schoolId: "school-123456", personId: "teacher", groupId: "class", acceptMultiple: true };
let ring: KeyRing;

beforeAll(async () => {
  ring = new KeyRing([await newPlatformKey("current", now)], now.getTime());
});

describe("the deep-linking request", () => {
  it("names the return URL, the types and targets it accepts, and seals teacher, school, tool and class into data for an hour", async () => {
    const settings = deepLinkingSettingsOf("https://portal.example", ring, now, binding);
    expect(settings).toEqual({
      deep_link_return_url: "https://portal.example/api/lti/deep-link/return",
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["window", "iframe"],
      accept_multiple: true,
      accept_lineitem: true,
      auto_create: true,
      data: expect.any(String),
    });
    expect(unseal("lti-deep-linking-data", settings.data, ring, now, DeepLinkingBinding)).toMatchObject({ ...binding, exp: now.getTime() / 1000 + 3600 });
    // A standard compact JWE that the tool cannot read: jose opens it only with the platform's sealing key.
    const { protectedHeader } = await jwtDecrypt(settings.data, ring.hintKeyFor(ring.signer.kid)!, { currentDate: now });
    expect(protectedHeader).toMatchObject({ alg: "dir", enc: "A256GCM", typ: "lti-deep-linking-data" });
  });

  it("says when only one item is accepted", () => {
    expect(deepLinkingSettingsOf("https://portal.example", ring, now, { ...binding, acceptMultiple: false }).accept_multiple).toBe(false);
  });

  it("keeps data apart from other sealed kinds: a message hint's type does not open it", () => {
    const { data } = deepLinkingSettingsOf("https://portal.example", ring, now, binding);
    expect(() => unseal("lti-message-hint+jwt", data, ring, now, DeepLinkingBinding)).toThrow("sealed token invalid");
  });
});

describe("a content item of type ltiResourceLink", () => {
  it("takes custom values as strings and ignores properties it does not use", () => {
    const parsed = LtiResourceLinkItem.parse({ type: "ltiResourceLink", title: "Oefening", custom: { level: 3, timed: true, name: "x" }, icon: { url: "https://tool.example/i.png" } });
    expect(parsed).toEqual({ type: "ltiResourceLink", title: "Oefening", custom: { level: "3", timed: "true", name: "x" } });
  });

  it("refuses a URL that is not http(s), a custom name with other characters and a line item without a positive maximum", () => {
    expect(LtiResourceLinkItem.safeParse({ type: "ltiResourceLink", url: "javascript:alert(1)" }).success).toBe(false);
    expect(LtiResourceLinkItem.safeParse({ type: "ltiResourceLink", custom: { "bad name": "x" } }).success).toBe(false);
    expect(LtiResourceLinkItem.safeParse({ type: "ltiResourceLink", lineItem: { scoreMaximum: 0 } }).success).toBe(false);
    expect(LtiResourceLinkItem.safeParse({ type: "ltiResourceLink", lineItem: { scoreMaximum: 10, label: "Toets" } }).success).toBe(true);
  });
});

describe("what a tool says besides its items", () => {
  it("reads msg, errormsg (also as ltijs spells it, with a trailing space), log and errorlog, leaves out blanks and keeps 1000 characters of each", () => {
    expect(
      toolSaidIn({
        [claim.deepLinkingMessage]: "2 oefeningen gekozen",
        [`${claim.deepLinkingErrorMessage} `]: "Eén oefening kon niet mee",
        [claim.deepLinkingLog]: "x".repeat(5000),
        [claim.deepLinkingErrorLog]: "   ",
      }),
    ).toEqual({ message: "2 oefeningen gekozen", errorMessage: "Eén oefening kon niet mee", log: "x".repeat(1000) });
    expect(toolSaidIn({ [claim.deepLinkingErrorMessage]: "Fout", [claim.deepLinkingMessage]: 42 })).toEqual({ errorMessage: "Fout" });
  });

  it("writes the tool's log and error log to the request's log, and nothing when the tool said neither", () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger("info", {}, sink).child({ correlationId: "corr-12345678" });
    logToolSaid(log, { message: "voor de leerkracht", log: "picked 2", errorLog: "item 3 has no licence" }, { toolId: "tool-1" });
    logToolSaid(log, { message: "voor de leerkracht", errorMessage: "ook voor de leerkracht" }, { toolId: "tool-1" });
    logToolSaid(log, undefined, { reason: "response-invalid" });
    expect(lines.map(({ level, correlationId, toolId, toolLog, toolErrorLog }) => ({ level, correlationId, toolId, toolLog, toolErrorLog }))).toEqual([
      { level: 30, correlationId: "corr-12345678", toolId: "tool-1", toolLog: "picked 2", toolErrorLog: undefined },
      { level: 40, correlationId: "corr-12345678", toolId: "tool-1", toolLog: undefined, toolErrorLog: "item 3 has no licence" },
    ]);
    expect(JSON.stringify(lines)).not.toContain("voor de leerkracht");
  });
});

describe("the sealed outcome on the class page's address", () => {
  // Azure Functions refuses a URL longer than 4 KB; the class page sends the token back in one.
  const maxUrlBytes = 4096;
  const reader = { personId: "b1946ac9-2f0c-4b0c-8ba5-3f0a1c9e7d21", schoolId: "school-123456", groupId: "c5e1f3a2-7d4b-4e9a-9c1d-2b3a4c5d6e7f" };
  const platformOf = () => ({ keys: { ring: async () => ring, fresh: async () => ring }, clock: () => now }) as unknown as LtiPlatform;
  const outcomeUrl = (token: string) => `https://portal.example/api/school/groups/${reader.groupId}/deep-link-outcome?token=${encodeURIComponent(token)}`;

  it("fits the URL limit whatever the tool wrote, cutting long texts with an ellipsis, and keeps short ones whole", async () => {
    const long = { added: 50, message: "€".repeat(1000), errorMessage: "\u0001".repeat(1000) };
    const token = await sealDeepLinkOutcome(platformOf(), reader, long);
    expect(Buffer.byteLength(outcomeUrl(token))).toBeLessThanOrEqual(maxUrlBytes);
    const opened = await openDeepLinkOutcome(platformOf(), token, reader);
    expect(opened.message).toMatch(/^€{100,}…$/);
    expect(opened.errorMessage).toMatch(/^\u0001{100,}…$/);

    const short = { added: 2, message: "Twee oefeningen toegevoegd", errorMessage: "Één oefening kon niet" };
    expect(await openDeepLinkOutcome(platformOf(), await sealDeepLinkOutcome(platformOf(), reader, short), reader)).toEqual(short);
  });
});
