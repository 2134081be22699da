import { sign } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyStore } from "../../dist/shared/adapters/keys/index.js";
import { defaultDataSharing, LtiRegistration } from "../../dist/shared/catalogue/index.js";
import { authorize, createLtiPlatform, startLaunch, type LaunchDirectory, type LtiPlatform } from "../../dist/shared/lti/index.js";

/**
 * The launch's hot path against its ceiling (DESIGN, "Performance model"): full launches per
 * second in one process (login initiation with its sealed message hint → the tool's
 * authentication request → the authorization endpoint's checks → a signed id_token), divided
 * by raw RS256 signatures per second of the same key with the same primitive (node:crypto's
 * sign, on the one thread, as the launch signs) at the same concurrency, alternated in one
 * run. A signature input of an id_token's size is signed. The launch's reads come from
 * warm in-process caches, as at steady state (an in-memory directory stands in for them), so
 * what is measured is the platform's own work per launch (the tool is licensed, so the licence
 * check over the cached entitlement is part of it); the portal's session lookup, common
 * to every signed-in route, is not part of it.
 */

const toolUrl = "https://tool.example.test";
const clientId = "bench-tool";

function directory(): LaunchDirectory {
  const registration = LtiRegistration.parse({
    type: "lti",
    loginInitiationUrl: `${toolUrl}/login`,
    redirectUris: [`${toolUrl}/launch`],
    targetLinkUri: `${toolUrl}/launch`,
    key: { kind: "jwks-url", url: `${toolUrl}/jwks` },
    customParameters: { level: "start" },
  });
  const entitlement = {
    id: `entitlement.${clientId}`,
    type: "entitlement" as const,
    grants: [{ providerId: "provider", licenceId: "bench-licence", scope: { level: "school" as const }, validFrom: "2000-01-01", validUntil: "2999-12-31" }],
    updatedAt: "2026-09-01T00:00:00.000Z",
  };
  const group = { groupId: "group-5b", groupType: "class" as const, name: "5B", schoolYear: "2026-2027", role: "pupil" as const };
  return {
    ltiTool: async (toolId) => (toolId === clientId ? { toolId, clientId, providerId: "provider", licensed: true, registration, title: { nl: "Rekentool" } } : undefined),
    toolSettings: async () => ({ enabled: true, dataSharing: defaultDataSharing }),
    groupsOf: async () => [group],
    group: async () => group,
    person: async () => undefined,
    // A licensed tool with a school-wide licence: the launch resolves it on every run.
    entitlement: async (schoolId, toolId) => ({ ...entitlement, schoolId, toolId }),
    seatOf: async () => ({ kind: "seated", slot: 0 }),
    licenceRefused: async () => {
      throw new Error("the benchmark's launches are licensed");
    },
  };
}

/** One full launch; throws unless it ends in an id_token. */
async function oneLaunch(platform: LtiPlatform, n: number): Promise<void> {
  const sessionId = `session-${n % 1000}`;
  const initiation = await startLaunch(platform, { principal: { personId: `person-${n % 1000}`, sessionId, roles: ["pupil"], schoolId: "school-999101" }, toolId: clientId, locale: "nl" });
  // The tool's authentication request, echoing what the initiation gave it.
  const outcome = await authorize(platform, {
    params: {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: initiation.params.client_id,
      redirect_uri: `${toolUrl}/launch`,
      login_hint: initiation.params.login_hint,
      lti_message_hint: initiation.params.lti_message_hint,
      nonce: `nonce-${n}`,
      state: `state-${n}`,
    },
    method: "GET",
    sessionId,
    resubmitted: false,
    signedInPerson: async () => undefined,
    locale: "nl",
  });
  if (outcome.kind !== "form-post" || !outcome.fields.id_token) throw new Error(`launch ${n} failed: ${JSON.stringify(outcome)}`);
}

/** Numbers every operation of the run, so that no nonce repeats between rounds. */
let sequence = 0;

/** Closed loop: `concurrency` workers, each starting the next operation when its last one ended. */
async function perSecond(operation: (n: number) => Promise<unknown>, { concurrency, durationMs }: { concurrency: number; durationMs: number }): Promise<number> {
  let counter = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation(sequence++);
        counter++;
      }
    }),
  );
  return counter / ((performance.now() - started) / 1000);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Rounds of raw signing and launching back to back, in alternating order; the figure is the
 * median of the rounds' ratios, so that a burst of load from elsewhere on the machine
 * spoils one round rather than the result.
 */
export async function ltiLaunchRatio({ concurrency = 4, durationMs = 400, rounds = 15 } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "leerspoor-bench-lti-"));
  try {
    const platform = createLtiPlatform({ issuer: "https://leerspoor.example.test", keyStore: new FileKeyStore(dir), pseudonymKey: "bench-pseudonym-key-0123456789abcdef", directory: directory() });
    const ring = await platform.keys.ring();
    const signingInput = new TextEncoder().encode(`${"x".repeat(180)}.${"y".repeat(1100)}`);
    const rawSign = async () => sign("sha256", signingInput, ring.signer.privateKey);
    const launch = (n: number) => oneLaunch(platform, n);

    await perSecond(rawSign, { concurrency, durationMs: 300 });
    await perSecond(launch, { concurrency, durationMs: 300 });
    const ratios: number[] = [];
    const signRates: number[] = [];
    const launchRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [first, second] = round % 2 === 0 ? [rawSign, launch] : [launch, rawSign];
      const a = await perSecond(first, { concurrency, durationMs });
      const b = await perSecond(second, { concurrency, durationMs });
      const [signs, launches] = round % 2 === 0 ? [a, b] : [b, a];
      signRates.push(signs);
      launchRates.push(launches);
      ratios.push(launches / signs);
    }
    return (
      `lti launch: ${median(launchRates).toFixed(0)} launches/s vs raw RS256 ${median(signRates).toFixed(0)} signs/s ` +
      `(concurrency ${concurrency}, median of ${rounds} rounds) = ${median(ratios).toFixed(2)} of raw signing (target ≥ 0.6)`
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
