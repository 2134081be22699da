import { api, approve, ltiTool, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { callerWith, schoolFor } from "../support/sessions.js";

/*
 * The provider's and operator's licence routes: the "send test event" button signs a sample
 * webhook with the provider's current secret and delivers it over HTTP to the webhook route,
 * whose delivery then shows in the provider's log and, once processed, in the operator's view.
 */

let provider: TestProvider;

beforeAll(async () => {
  provider = await newProvider(undefined, `Uitgeverij ${uniqueMarker()}`);
}, 60_000);

async function deliveries(): Promise<{ webhookId: string; status: string; eventType?: string }[]> {
  const answer = await api("provider/webhook-deliveries", { headers: provider.keyHeaders() });
  expect(answer.status).toBe(200);
  return answer.json.deliveries;
}

describe("send test event", () => {
  it("asks for a webhook secret and a tool first, changing nothing", async () => {
    const noSecret = await api("provider/webhooks/test-event", { method: "POST", headers: provider.user.headers("POST"), body: {} });
    expect([noSecret.status, noSecret.json.type]).toEqual([409, "urn:leerspoor:problem:no-webhook-secret"]);
    expect(await api("provider/webhook-secrets", { method: "POST", headers: provider.keyHeaders() })).toMatchObject({ status: 201 });
    const noTool = await api("provider/webhooks/test-event", { method: "POST", headers: provider.user.headers("POST"), body: {} });
    expect([noTool.status, noTool.json.type]).toEqual([409, "urn:leerspoor:problem:no-tools"]);
    expect(await deliveries()).toEqual([]);
  });

  it("signs a licence.granted with the current secret, delivers it to the webhook route and shows it in the delivery log", async () => {
    const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: ltiTool(uniqueMarker(), { pricing: "licensed" }) });
    await approve(provider.providerId, created.json.toolId, 1);

    const sent = await api("provider/webhooks/test-event", { method: "POST", headers: provider.user.headers("POST"), body: {} });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ status: 204, accepted: true, eventType: "licence.granted", instellingsnummer: "999101", toolId: created.json.toolId });
    const logged = (await deliveries()).find((delivery) => delivery.webhookId === sent.json.webhookId);
    expect(logged).toMatchObject({ eventType: "licence.granted" });
  });
});

describe("operator licences", () => {
  it("lists every provider's licences, the test event's once processed, and the refused launches per school and tool", async () => {
    const operator = await callerWith("operator");
    const sent = await api("provider/webhooks/test-event", { method: "POST", headers: provider.keyHeaders(), body: {} });
    expect(sent.json).toMatchObject({ status: 204, accepted: true });

    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const toolId = sent.json.toolId as string;
    expect((await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } })).status).toBe(200);
    const pupil = await callerWith("pupil", schoolId);
    const refused = await fetch(`${process.env.LEERSPOOR_TEST_BASE_URL}/api/lti/launch/${toolId}`, { headers: pupil.headers(), redirect: "manual" });
    expect(refused.status).toBe(403);

    // The queue processes the event in the background: read until it is there (bounded), then check what the operator sees.
    let overview: any;
    for (let attempt = 0; attempt < 40; attempt++) {
      overview = (await api("operator/licences", { headers: operator.headers() })).json;
      if (overview.licences.some((licence: { licenceId: string }) => licence.licenceId === sent.json.licenceId)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(overview.licences.find((licence: { licenceId: string }) => licence.licenceId === sent.json.licenceId)).toMatchObject({
      providerId: provider.providerId,
      instellingsnummer: "999101",
      scopeLevel: "school",
      toolIds: [toolId],
      status: "active",
      validity: "active",
    });
    expect(overview.refusals).toContainEqual({ schoolId, toolId, noLicence: 1, seatsExhausted: 0 });
  }, 30_000);
});
