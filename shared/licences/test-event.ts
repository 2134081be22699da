import { randomUUID } from "node:crypto";
import standardWebhooks from "standardwebhooks";
import { listProviderTools } from "../catalogue/index.js";
import { HttpProblem } from "../runtime/index.js";
import { brusselsDateOf } from "./enforcement.js";
import type { LicenceEvent } from "./licence.js";
import type { TestEventResult } from "./views.js";
import { signingSecretOf } from "./webhook-secrets.js";

/*
 * The provider portal's "send test event": a sample licence.granted, signed with the
 * provider's current secret and posted over HTTP to Leerspoor's own webhook route, so that a
 * provider sees its secret, the route and the delivery log work together before its systems
 * send anything. The sample licences one of the provider's tools for the demo school for today
 * only, under a licence id that says it is a test.
 */

const { Webhook } = standardWebhooks;

/** The demo school (scripts/local-stack/demo-seed.ts): a test event never licenses a real school. */
export const testEventInstellingsnummer = "999101";
const answerTimeoutMs = 10_000;

export async function sendTestEvent(providerId: string, publicBaseUrl: string, now = new Date()): Promise<TestEventResult> {
  const secret = await signingSecretOf(providerId, now);
  if (!secret) throw new HttpProblem(409, "no-webhook-secret", "No webhook secret", "Make a webhook secret first (POST /api/provider/webhook-secrets)");
  const tools = await listProviderTools(providerId);
  const tool = tools.find((candidate) => candidate.liveVersion !== null) ?? tools[0];
  if (!tool) throw new HttpProblem(409, "no-tools", "No tools", "Register a tool first: a licence names the tools it is for");

  const webhookId = `msg_test_${randomUUID()}`;
  const today = brusselsDateOf(now);
  const event: LicenceEvent = {
    type: "licence.granted",
    timestamp: now.toISOString(),
    data: { licenceId: `test-${webhookId}`, instellingsnummer: testEventInstellingsnummer, scope: { level: "school" }, toolIds: [tool.toolId], validFrom: today, validUntil: today },
  };
  const body = JSON.stringify(event);
  const response = await fetch(`${publicBaseUrl.replace(/\/+$/, "")}/api/webhooks/licences/${encodeURIComponent(providerId)}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(webhookId, now, body),
    },
    body,
    signal: AbortSignal.timeout(answerTimeoutMs),
  });
  const answer = await response.text();
  const detail = response.ok ? undefined : detailOf(answer);
  return {
    webhookId,
    eventType: "licence.granted",
    licenceId: event.data.licenceId,
    instellingsnummer: testEventInstellingsnummer,
    toolId: tool.toolId,
    status: response.status,
    accepted: response.ok,
    ...(detail ? { detail } : {}),
  };
}

function detailOf(answer: string): string | undefined {
  try {
    const problem = JSON.parse(answer) as { detail?: unknown; title?: unknown };
    return typeof problem.detail === "string" ? problem.detail : typeof problem.title === "string" ? problem.title : undefined;
  } catch {
    return answer.slice(0, 200) || undefined;
  }
}
