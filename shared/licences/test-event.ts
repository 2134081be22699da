import { randomUUID } from "node:crypto";
import standardWebhooks from "standardwebhooks";
import { HttpProblem } from "../runtime/index.js";
import type { LicenceEvent } from "./licence.js";
import type { TestEventResult } from "./views.js";
import { signingSecretOf } from "./webhook-secrets.js";

/*
 * The provider portal's "send test event": a licence.test (a ping that licenses nothing),
 * signed with the provider's current secret and posted over HTTP to Leerspoor's own webhook
 * route, so that a provider sees its secret, the route, the queue and the delivery log work
 * together before its systems send anything. It goes the way of every event (archived,
 * verified, validated, queued, processed, logged) and changes no licence in any environment.
 */

const { Webhook } = standardWebhooks;

const answerTimeoutMs = 10_000;

export async function sendTestEvent(providerId: string, publicBaseUrl: string, now = new Date()): Promise<TestEventResult> {
  const secret = await signingSecretOf(providerId, now);
  if (!secret) throw new HttpProblem(409, "no-webhook-secret", "No webhook secret", "Make a webhook secret first (POST /api/provider/webhook-secrets)");

  const webhookId = `msg_test_${randomUUID()}`;
  const event: LicenceEvent = { type: "licence.test", timestamp: now.toISOString(), data: { message: "A test event from Leerspoor's provider portal; it licenses nothing." } };
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
    eventType: event.type,
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
