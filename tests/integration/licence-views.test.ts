import { randomUUID } from "node:crypto";
import { api, approve, ltiTool, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { deliveriesOf, entitlementsOf, eventually, licencesOf, sendWebhook } from "../support/licences.js";
import { callerWith, freshInstellingsnummer, schoolFor } from "../support/sessions.js";

/*
 * The provider's and operator's licence routes: the "send test event" button signs a
 * licence.test with the provider's current secret and delivers it over HTTP to the webhook
 * route, whose delivery then shows in the provider's log, processed, without licensing
 * anything; the operator sees every provider's licences and the refused launches.
 */

let provider: TestProvider;

beforeAll(async () => {
  provider = await newProvider(undefined, `Uitgeverij ${uniqueMarker()}`);
}, 60_000);

async function deliveries(of: TestProvider): Promise<{ webhookId: string; status: string; eventType?: string; licenceId?: string; reason?: string }[]> {
  const answer = await api("provider/webhook-deliveries", { headers: of.keyHeaders() });
  expect(answer.status).toBe(200);
  return answer.json.deliveries;
}

async function licensedTool(of: TestProvider): Promise<string> {
  const created = await api("provider/tools", { method: "POST", headers: of.keyHeaders(), body: ltiTool(uniqueMarker(), { pricing: "licensed" }) });
  expect(created.status).toBe(201);
  await approve(of.providerId, created.json.toolId, 1);
  return created.json.toolId;
}

async function newSecret(of: TestProvider): Promise<string> {
  const made = await api("provider/webhook-secrets", { method: "POST", headers: of.keyHeaders() });
  expect(made.status).toBe(201);
  return made.json.secret;
}

describe("send test event", () => {
  it("asks for a webhook secret first, changing nothing", async () => {
    const bare = await newProvider();
    const noSecret = await api("provider/webhooks/test-event", { method: "POST", headers: bare.user.headers("POST"), body: {} });
    expect([noSecret.status, noSecret.json.type]).toEqual([409, "urn:leerspoor:problem:no-webhook-secret"]);
    expect(await deliveriesOf(bare.providerId)).toEqual([]);
  });

  it("signs a licence.test with the current secret and delivers it to the webhook route, which processes it and licenses nothing", async () => {
    const pinger = await newProvider();
    const toolId = await licensedTool(pinger);
    await newSecret(pinger);

    const sent = await api("provider/webhooks/test-event", { method: "POST", headers: pinger.user.headers("POST"), body: {} });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ webhookId: expect.stringMatching(/^msg_test_/), eventType: "licence.test", status: 204, accepted: true });

    const logged = await eventually(() => deliveries(pinger), (found) => found.some((delivery) => delivery.webhookId === sent.json.webhookId && delivery.status === "processed"));
    const delivery = logged.find((found) => found.webhookId === sent.json.webhookId)!;
    expect(delivery).toMatchObject({ eventType: "licence.test", status: "processed", reason: "test event: nothing applied" });
    expect(delivery.licenceId).toBeUndefined();
    expect(await licencesOf(pinger.providerId)).toEqual([]);
    expect(await entitlementsOf([toolId])).toEqual([]);
    expect((await api("provider/licences", { headers: pinger.keyHeaders() })).json.schools).toEqual([]);
  });

  it("works with an API key as well, for a provider without tools", async () => {
    const bare = await newProvider();
    expect((await api("provider/webhook-secrets", { method: "POST", headers: bare.keyHeaders() })).status).toBe(201);
    const sent = await api("provider/webhooks/test-event", { method: "POST", headers: bare.keyHeaders(), body: {} });
    expect(sent.json).toMatchObject({ eventType: "licence.test", status: 204, accepted: true });
    const [delivery] = await eventually(
      () => deliveriesOf(bare.providerId),
      (found) => found.length === 1 && found[0]!.status === "processed",
    );
    expect(delivery).toMatchObject({ webhookId: sent.json.webhookId, attempts: 1 });
  });

  it("refuses a licence.test that names a licence, changing nothing", async () => {
    const secret = await newSecret(provider);
    const webhookId = `msg_${randomUUID()}`;
    const refused = await sendWebhook(
      provider.providerId,
      { type: "licence.test", timestamp: new Date().toISOString(), data: { message: "ping", licenceId: "L-1" } },
      { secret, webhookId },
    );
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toContainEqual(expect.objectContaining({ field: "body.data" }));
    expect((await deliveriesOf(provider.providerId)).map((delivery) => delivery.webhookId)).not.toContain(webhookId);
  });
});

describe("operator licences", () => {
  it("lists every provider's licences once processed, and the refused launches per school and tool", async () => {
    const operator = await callerWith("operator");
    const toolId = await licensedTool(provider);
    const secret = await newSecret(provider);
    const licenceId = `L-${uniqueMarker()}`;
    const instellingsnummer = freshInstellingsnummer();
    const granted = {
      type: "licence.granted",
      timestamp: new Date().toISOString(),
      data: { licenceId, instellingsnummer, scope: { level: "school" }, toolIds: [toolId], validFrom: "2025-09-01", validUntil: "2031-08-31" },
    };
    expect((await sendWebhook(provider.providerId, granted, { secret })).status).toBe(204);

    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    expect((await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } })).status).toBe(200);
    const pupil = await callerWith("pupil", schoolId);
    const refused = await fetch(`${process.env.LEERSPOOR_TEST_BASE_URL}/api/lti/launch/${toolId}`, { headers: pupil.headers(), redirect: "manual" });
    expect(refused.status).toBe(403);

    // The queue processes the event in the background.
    const listed = await eventually(
      async () => (await api(`operator/licences?providerId=${provider.providerId}`, { headers: operator.headers() })).json,
      (found) => found.licences.some((licence: { licenceId: string }) => licence.licenceId === licenceId),
    );
    expect(listed.licences.find((licence: { licenceId: string }) => licence.licenceId === licenceId)).toMatchObject({
      providerId: provider.providerId,
      instellingsnummer: instellingsnummer.padStart(6, "0"),
      scopeLevel: "school",
      toolIds: [toolId],
      status: "active",
      validity: "active",
    });
    const refusals = await api("operator/licences/refusals", { headers: operator.headers() });
    expect(refusals.status).toBe(200);
    expect(refusals.json.refusals).toContainEqual({ schoolId, toolId, noLicence: 1, seatsExhausted: 0 });
  }, 30_000);
});
