import { createHmac, randomUUID } from "node:crypto";
import { documentStore } from "../../shared/adapters/index.js";
import type { StoredLicence, ToolEntitlement, WebhookDelivery } from "../../shared/licences/index.js";
import { api, linkTool, newProvider, uniqueMarker, type TestProvider } from "./catalogue.js";

const baseUrl = () => process.env.LEERSPOOR_TEST_BASE_URL!;

/**
 * Standard Webhooks signing written from the specification, independent of the
 * `standardwebhooks` library that the portal verifies with: `v1,` and the base64 HMAC-SHA256
 * of `{id}.{timestamp}.{body}` under the base64-decoded part of the secret after `whsec_`.
 */
export function signature(secret: string, webhookId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${webhookId}.${timestamp}.${body}`).digest("base64")}`;
}

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export interface SentWebhook {
  status: number;
  json: any;
}

/** Posts a licence webhook signed with `secret` (or with the given signature header). */
export async function sendWebhook(
  providerId: string,
  body: unknown,
  options: { secret: string; webhookId?: string; timestamp?: number; signedBody?: string; signatureHeader?: string },
): Promise<SentWebhook> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const webhookId = options.webhookId ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? unixNow();
  const response = await fetch(`${baseUrl()}/api/webhooks/licences/${providerId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": options.signatureHeader ?? signature(options.secret, webhookId, timestamp, options.signedBody ?? text),
    },
    body: text,
  });
  const responseText = await response.text();
  return { status: response.status, json: responseText ? JSON.parse(responseText) : undefined };
}

/** A provider with an API key, `count` tools of its own and a webhook secret. */
export interface LicensingProvider extends TestProvider {
  toolIds: string[];
  secret: string;
}

export async function licensingProvider(count = 2): Promise<LicensingProvider> {
  const provider = await newProvider();
  const toolIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(uniqueMarker()) });
    if (created.status !== 201) throw new Error(`tool not created: ${JSON.stringify(created.json)}`);
    toolIds.push(created.json.toolId);
  }
  const secret = await api("provider/webhook-secrets", { method: "POST", headers: provider.keyHeaders() });
  if (secret.status !== 201) throw new Error(`secret not created: ${JSON.stringify(secret.json)}`);
  return { ...provider, toolIds, secret: secret.json.secret };
}

const providerData = () => documentStore().container("provider-data");
const schoolData = () => documentStore().container("school-data");

export async function licencesOf(providerId: string): Promise<(StoredLicence & { _etag: string })[]> {
  return providerData().query({ query: "SELECT * FROM c WHERE c.type = 'licence'" }, { partitionKey: providerId });
}

export async function deliveriesOf(providerId: string): Promise<WebhookDelivery[]> {
  return providerData().query({ query: "SELECT * FROM c WHERE c.type = 'webhook-delivery'" }, { partitionKey: providerId });
}

/** Every entitlement document of these tools, in every school. */
export async function entitlementsOf(toolIds: string[]): Promise<(ToolEntitlement & { _etag: string })[]> {
  return schoolData().query({
    query: `SELECT * FROM c WHERE c.type = 'entitlement' AND (${toolIds.map((_, index) => `c.toolId = @tool${index}`).join(" OR ")})`,
    parameters: toolIds.map((toolId, index) => ({ name: `@tool${index}`, value: toolId })),
  });
}

/** Waits until `check` holds (the queue processes in the background); fails with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until no delivery of the provider is still waiting for the processor. */
export const allSettled = (providerId: string, count: number): Promise<WebhookDelivery[]> =>
  eventually(
    () => deliveriesOf(providerId),
    (deliveries) => deliveries.length >= count && deliveries.every((delivery) => delivery.status !== "received"),
    120_000,
  );
