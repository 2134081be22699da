import { generateKeyPairSync } from "node:crypto";
import { liveToolFor, toolSettingsFor } from "../../shared/catalogue/index.js";
import { api, approve, linkTool, ltiTool, newProvider, uniqueMarker } from "../support/catalogue.js";
import { callerWith, schoolFor } from "../support/sessions.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

describe("tool registration, review and catalogue", () => {
  it("registers a tool with an API key; it waits for review and is not in the catalogue", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(marker) });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ status: "pending-review", live: null, pending: { version: 1, submittedBy: { via: "api-key" } } });
    expect(registered.headers.get("etag")).toBe(registered.json.etag);

    const teacher = await callerWith("teacher");
    const found = await api(`catalogue?q=${marker}`, { headers: teacher.headers() });
    expect(found.json).toMatchObject({ total: 0, items: [] });
    expect((await api(`catalogue/${registered.json.toolId}`, { headers: teacher.headers() })).status).toBe(404);
    const listed = await api("provider/tools", { headers: provider.keyHeaders() });
    expect(listed.json.tools).toEqual([expect.objectContaining({ toolId: registered.json.toolId, status: "pending-review", pendingVersion: 1, liveVersion: null })]);
  });

  it("shows the operator the queue oldest first, with the diff and the provider's intentieverklaring", async () => {
    const provider = await newProvider();
    const signed = await api("provider/intentieverklaring", {
      method: "PUT",
      headers: provider.user.headers("PUT"),
      body: { version: "2024", signedOn: "2026-03-01", signatory: { name: "An Peeters", role: "CEO" } },
    });
    expect(signed.status).toBe(200);
    const first = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(uniqueMarker()) });
    const second = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: ltiTool(uniqueMarker()) });
    const operator = await callerWith("operator");
    const queue = await api("review/queue", { headers: operator.headers() });
    const ours = (queue.json.items as { toolId: string }[]).filter((item) => [first.json.toolId, second.json.toolId].includes(item.toolId));
    expect(ours.map((item) => item.toolId)).toEqual([first.json.toolId, second.json.toolId]);
    const waitingSince = (queue.json.items as { waitingSince: string }[]).map((item) => item.waitingSince);
    expect(waitingSince).toEqual([...waitingSince].sort());
    expect(ours[0]).toMatchObject({
      kind: "new",
      live: null,
      intentieverklaring: { version: "2024", signedOn: "2026-03-01", signatory: { name: "An Peeters", role: "CEO" }, recordedBy: { id: provider.user.personId } },
      changes: expect.arrayContaining([{ path: "registration.url", after: expect.stringContaining("https://tools.example.test/") }]),
    });
    const item = await api(`review/providers/${provider.providerId}/tools/${second.json.toolId}`, { headers: operator.headers() });
    expect(item.json).toMatchObject({ toolId: second.json.toolId, pending: { registration: { type: "lti" } } });
  });

  it("after approval a teacher finds the tool by facet and by accent-insensitive search; facets count", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const submission = linkTool(marker, {
      title: { nl: `Café-rekenspel ${marker}`, fr: "Jeu de calcul au café" },
      clusters: ["hout", "bouw"],
      onderwijsvormen: ["tso"],
      stages: ["secundair-graad-2"],
      pricing: "licensed",
    });
    const other = linkTool(marker, { clusters: ["elektronica"], onderwijsvormen: ["bso"], stages: ["secundair-graad-2"] });
    const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: submission });
    const otherRegistered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: other });
    await approve(provider.providerId, registered.json.toolId, 1);
    await approve(provider.providerId, otherRegistered.json.toolId, 1);
    expect((await api(`provider/tools/${registered.json.toolId}`, { headers: provider.keyHeaders() })).json).toMatchObject({
      status: "live",
      live: { version: 1 },
      pending: null,
      lastDecision: { outcome: "approved", version: 1 },
    });

    const teacher = await callerWith("teacher");
    const byAccentlessWords = await api(`catalogue?q=${encodeURIComponent(`CAFE rekenspel ${marker}`)}`, { headers: teacher.headers() });
    expect(byAccentlessWords.json.items.map((i: { toolId: string }) => i.toolId)).toEqual([registered.json.toolId]);
    expect(byAccentlessWords.json.items[0]).toMatchObject({ providerId: provider.providerId, linkUrl: `https://tools.example.test/${marker}`, school: { enabled: false, licenceRequired: true } });
    const byFrenchWord = await api(`catalogue?q=${encodeURIComponent(`café ${marker}`)}`, { headers: teacher.headers() });
    expect(byFrenchWord.json.total).toBe(1);

    const byFacet = await api(`catalogue?q=${marker}&clusters=hout`, { headers: teacher.headers() });
    expect(byFacet.json.items.map((i: { toolId: string }) => i.toolId)).toEqual([registered.json.toolId]);
    // Disjunctive facets: with "hout" chosen, the other clusters still count what they would add.
    expect(byFacet.json.facets.clusters).toEqual(
      expect.arrayContaining([
        { value: "hout", count: 1, selected: true },
        { value: "bouw", count: 1, selected: false },
        { value: "elektronica", count: 1, selected: false },
      ]),
    );
    expect(byFacet.json.facets.onderwijsvormen).toEqual([{ value: "tso", count: 1, selected: false }]);
    expect(byFacet.json.facets.pricing).toEqual([{ value: "licensed", count: 1, selected: false }]);
    const bothFacets = await api(`catalogue?q=${marker}&clusters=hout,elektronica&stages=secundair-graad-2`, { headers: teacher.headers() });
    expect(bothFacets.json.total).toBe(2);
    const paged = await api(`catalogue?q=${marker}&pageSize=1&page=2`, { headers: teacher.headers() });
    expect(paged.json).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.json.items).toHaveLength(1);
  });

  it("lets the school admin enable a tool; a pupil's tiles show it, a plain link opening directly", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const link = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(marker) });
    const lti = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: ltiTool(`${marker}b`) });
    await approve(provider.providerId, link.json.toolId, 1);
    await approve(provider.providerId, lti.json.toolId, 1);

    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await callerWith("pupil", schoolId);
    expect((await api("home/tiles", { headers: pupil.headers() })).json).toEqual({ size: "big", tiles: [], groups: [] });

    const before = await api(`school/tools/${link.json.toolId}`, { headers: admin.headers() });
    expect(before.json).toMatchObject({ enabled: false, etag: null, dataSharing: { pupils: { name: false, email: false, picture: false }, staff: { name: false, email: false, picture: false } } });
    const enabled = await api(`school/tools/${link.json.toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } });
    expect(enabled.status).toBe(200);
    expect(enabled.json).toMatchObject({ enabled: true, licenceRequired: false, tool: { school: { enabled: true } } });
    const sharing = { pupils: { name: true, email: false, picture: false }, staff: { name: true, email: true, picture: false } };
    const withSharing = await api(`school/tools/${lti.json.toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true, dataSharing: sharing } });
    expect(withSharing.json.dataSharing).toEqual(sharing);

    const tiles = await api("home/tiles", { headers: pupil.headers() });
    expect(tiles.json.size).toBe("big");
    expect(tiles.json.tiles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ toolId: link.json.toolId, toolType: "link", href: `https://tools.example.test/${marker}`, opensIn: "window" }),
        expect.objectContaining({ toolId: lti.json.toolId, toolType: "lti", href: `/api/lti/launch/${lti.json.toolId}` }),
      ]),
    );
    const teacher = await callerWith("teacher", schoolId);
    expect((await api("home/tiles", { headers: teacher.headers() })).json.size).toBe("regular");
    expect((await api("school/tools", { headers: teacher.headers() })).json.tools).toHaveLength(2);
    const enabledOnly = await api(`catalogue?q=${marker}&enabledOnly=true`, { headers: teacher.headers() });
    expect(enabledOnly.json.total).toBe(2);

    expect(await toolSettingsFor(schoolId, lti.json.toolId)).toEqual({ enabled: true, dataSharing: sharing });
    const otherSchool = await schoolFor();
    expect(await toolSettingsFor(otherSchool, lti.json.toolId)).toEqual({ enabled: false, dataSharing: before.json.dataSharing });

    // Disabling takes the tile away and keeps the switches; a stale ETag is refused.
    const disabled = await api(`school/tools/${link.json.toolId}`, { method: "PUT", headers: { ...admin.headers("PUT"), "if-match": enabled.json.etag }, body: { enabled: false } });
    expect(disabled.status).toBe(200);
    const stale = await api(`school/tools/${link.json.toolId}`, { method: "PUT", headers: { ...admin.headers("PUT"), "if-match": enabled.json.etag }, body: { enabled: true } });
    expect(stale.status).toBe(412);
    const after = await api("home/tiles", { headers: pupil.headers() });
    expect(after.json.tiles.map((t: { toolId: string }) => t.toolId)).toEqual([lti.json.toolId]);
  });

  it("sends a change back to review while the approved version stays visible, and publishes it on approval", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const original = linkTool(marker);
    const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: original });
    await approve(provider.providerId, registered.json.toolId, 1);
    const live = await api(`provider/tools/${registered.json.toolId}`, { headers: provider.keyHeaders() });

    const changed = { ...original, metadata: { ...original.metadata, title: { nl: `Nieuwe titel ${marker}` }, subjects: ["wiskunde", "stem"] } };
    const submitted = await api(`provider/tools/${registered.json.toolId}`, { method: "PUT", headers: { ...provider.keyHeaders(), "if-match": live.json.etag }, body: changed });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ status: "live-change-pending", live: { version: 1 }, pending: { version: 2 } });
    // The same content again changes nothing; a stale ETag is refused.
    const again = await api(`provider/tools/${registered.json.toolId}`, { method: "PUT", headers: provider.keyHeaders(), body: changed });
    expect(again.json.pending.version).toBe(2);
    const stale = await api(`provider/tools/${registered.json.toolId}`, { method: "PUT", headers: { ...provider.keyHeaders(), "if-match": live.json.etag }, body: original });
    expect(stale.status).toBe(412);

    const teacher = await callerWith("teacher");
    const visible = await api(`catalogue/${registered.json.toolId}`, { headers: teacher.headers() });
    expect(visible.json).toMatchObject({ version: 1, metadata: { title: { nl: `Oefenkaart ${marker}` } } });

    const operator = await callerWith("operator");
    const item = await api(`review/providers/${provider.providerId}/tools/${registered.json.toolId}`, { headers: operator.headers() });
    expect(item.json).toMatchObject({ kind: "change", live: { version: 1 }, pending: { version: 2 } });
    expect(item.json.changes).toEqual([
      { path: "metadata.subjects", before: ["wiskunde"], after: ["wiskunde", "stem"] },
      { path: "metadata.title.nl", before: `Oefenkaart ${marker}`, after: `Nieuwe titel ${marker}` },
    ]);
    // Approving a version other than the one waiting is refused.
    const wrongVersion = await api(`review/providers/${provider.providerId}/tools/${registered.json.toolId}/approve`, { method: "POST", headers: operator.headers("POST"), body: { version: 1 } });
    expect(wrongVersion.status).toBe(409);
    await approve(provider.providerId, registered.json.toolId, 2, operator);
    const updated = await api(`catalogue/${registered.json.toolId}`, { headers: teacher.headers() });
    expect(updated.json).toMatchObject({ version: 2, metadata: { title: { nl: `Nieuwe titel ${marker}` } } });
    expect((await api(`catalogue?q=${encodeURIComponent(`nieuwe titel ${marker}`)}`, { headers: teacher.headers() })).json.total).toBe(1);
    expect(await liveToolFor(registered.json.toolId)).toMatchObject({ providerId: provider.providerId, live: { version: 2, registration: { type: "link" } } });
    const overview = await api(`providers/${provider.providerId}`, { headers: operator.headers() });
    expect(overview.json).toMatchObject({ providerId: provider.providerId, tools: [{ toolId: registered.json.toolId, status: "live", liveVersion: 2 }] });
  });

  it("shows the provider why a change was rejected; the live version stays live", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const original = linkTool(marker);
    const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: original });
    await approve(provider.providerId, registered.json.toolId, 1);
    const changed = { ...original, registration: { type: "link", url: `https://elders.example.test/${marker}` } };
    await api(`provider/tools/${registered.json.toolId}`, { method: "PUT", headers: provider.keyHeaders(), body: changed });

    const operator = await callerWith("operator");
    const reject = (body: unknown) => api(`review/providers/${provider.providerId}/tools/${registered.json.toolId}/reject`, { method: "POST", headers: operator.headers("POST"), body });
    const noReason = await reject({ version: 2 });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors).toEqual([expect.objectContaining({ field: "body.reason" })]);
    expect((await reject({ version: 2, reason: "De nieuwe URL toont reclame." })).status).toBe(200);

    const seen = await api(`provider/tools/${registered.json.toolId}`, { headers: provider.keyHeaders() });
    expect(seen.json).toMatchObject({
      status: "live-change-rejected",
      live: { version: 1 },
      pending: null,
      rejected: { version: 2, registration: { url: `https://elders.example.test/${marker}` } },
      lastDecision: { outcome: "rejected", version: 2, reason: "De nieuwe URL toont reclame." },
    });
    const teacher = await callerWith("teacher");
    expect((await api(`catalogue/${registered.json.toolId}`, { headers: teacher.headers() })).json.linkUrl).toBe(`https://tools.example.test/${marker}`);

    // A new tool rejected outright never reaches the catalogue.
    const fresh = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(`${marker}x`) });
    await api(`review/providers/${provider.providerId}/tools/${fresh.json.toolId}/reject`, { method: "POST", headers: operator.headers("POST"), body: { version: 1, reason: "Onvolledige beschrijving." } });
    expect((await api(`provider/tools/${fresh.json.toolId}`, { headers: provider.keyHeaders() })).json).toMatchObject({ status: "rejected", lastDecision: { reason: "Onvolledige beschrijving." } });
    expect((await api(`catalogue/${fresh.json.toolId}`, { headers: teacher.headers() })).status).toBe(404);
  });

  it("answers bad input with 400 problem+json naming the field, and stores nothing", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const post = (body: unknown) => api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body });
    const fieldsOf = (response: { json: { errors?: { field: string }[] } }) => response.json.errors?.map((e) => e.field);

    const noDutch = await post(linkTool(marker, { description: { en: "English only" } }));
    expect(noDutch.status).toBe(400);
    expect(noDutch.headers.get("content-type")).toBe("application/problem+json");
    expect(noDutch.json.type).toBe("urn:leerspoor:problem:validation");
    expect(fieldsOf(noDutch)).toContain("body.metadata.description.nl");

    const badLti = ltiTool(marker);
    const wildcard = await post({ ...badLti, registration: { ...badLti.registration, redirectUris: ["https://*.example.test/launch"] } });
    expect(fieldsOf(wildcard)).toEqual(["body.registration.redirectUris.0"]);
    const plainHttp = await post({ ...badLti, registration: { ...badLti.registration, loginInitiationUrl: "http://tools.example.test/login" } });
    expect(fieldsOf(plainHttp)).toEqual(["body.registration.loginInitiationUrl"]);
    const deepLinkingWithoutUrl = await post({ ...badLti, registration: { ...badLti.registration, services: ["deep-linking"] } });
    expect(fieldsOf(deepLinkingWithoutUrl)).toEqual(["body.registration.deepLinkingUrl"]);
    const facetCode = await post(linkTool(marker, { clusters: ["houtbewerking"] }));
    expect(fieldsOf(facetCode)).toEqual(["body.metadata.clusters.0"]);
    const smallKey = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const weakKey = await post({ ...badLti, registration: { ...badLti.registration, key: { kind: "pem", pem: smallKey } } });
    expect(weakKey.json.errors).toEqual([{ field: "body.registration.key.pem", message: "must have at least 2048 bits" }]);
    const unknownImage = await post(linkTool(marker, { logo: `${"a".repeat(32)}.png` }));
    expect(fieldsOf(unknownImage)).toEqual(["body.metadata.logo"]);
    const extraField = await post({ ...linkTool(marker), providerId: "someone-else" });
    expect(extraField.status).toBe(400);

    const goodKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
    const withJwk = await post({ ...badLti, registration: { ...badLti.registration, key: { kind: "jwk", jwk: { ...goodKey, alg: "RS256" } } } });
    expect(withJwk.status).toBe(201);
    expect((await api("provider/tools", { headers: provider.keyHeaders() })).json.tools).toHaveLength(1);
    const operator = await callerWith("operator");
    const badProvider = await api("providers", { method: "POST", headers: operator.headers("POST"), body: { name: "X", contactEmail: "geen-adres" } });
    expect(fieldsOf(badProvider)).toEqual(["body.contactEmail"]);
  });

  it("uploads a logo that the tool names and shows it once approved", async () => {
    const provider = await newProvider();
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const notPng = await api("provider/media", { method: "POST", headers: { ...provider.keyHeaders(), "content-type": "image/png" }, body: new Uint8Array(Buffer.from("GIF89a")) });
    expect(notPng.status).toBe(400);
    const svg = await api("provider/media", { method: "POST", headers: { ...provider.keyHeaders(), "content-type": "image/svg+xml" }, body: "<svg/>" });
    expect(svg.status).toBe(415);
    const uploaded = await api("provider/media", { method: "POST", headers: { ...provider.keyHeaders(), "content-type": "image/png" }, body: new Uint8Array(png) });
    expect(uploaded.status).toBe(201);
    const marker = uniqueMarker();
    const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(marker, { logo: uploaded.json.mediaId }) });
    expect(registered.status).toBe(201);
    await approve(provider.providerId, registered.json.toolId, 1);
    const teacher = await callerWith("teacher");
    const item = await api(`catalogue/${registered.json.toolId}`, { headers: teacher.headers() });
    expect(item.json.logoUrl).toBe(uploaded.json.url);
    const image = await fetch(`${baseUrl}${item.json.logoUrl}`, { headers: teacher.headers() });
    expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/png"]);
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
  });

  it("refuses a revoked API key with 401 and keeps the other keys working (rotation)", async () => {
    const provider = await newProvider();
    const second = await api("provider/api-keys", { method: "POST", headers: provider.user.headers("POST"), body: { label: "rotation" } });
    expect(second.json.key).toMatch(/^lsp_[0-9a-f]{16}_/);
    const keys = await api("provider/api-keys", { headers: provider.user.headers() });
    expect(JSON.stringify(keys.json)).not.toContain(second.json.key);
    expect(keys.json.keys.map((k: { keyId: string }) => k.keyId)).toEqual([provider.keyId, second.json.keyId]);

    expect((await api("provider/tools", { headers: provider.keyHeaders() })).status).toBe(200);
    const revoked = await api(`provider/api-keys/${provider.keyId}`, { method: "DELETE", headers: provider.user.headers("DELETE") });
    expect(revoked.json.revokedAt).toEqual(expect.any(String));
    const refused = await api("provider/tools", { headers: provider.keyHeaders() });
    expect([refused.status, refused.headers.get("content-type"), refused.json.type]).toEqual([401, "application/problem+json", "urn:leerspoor:problem:invalid-api-key"]);
    const rotated = await api("provider/tools", { headers: { authorization: `Bearer ${second.json.key}` } });
    expect(rotated.status).toBe(200);
    // A key cannot manage keys: a person does that.
    const byKey = await api("provider/api-keys", { method: "POST", headers: { authorization: `Bearer ${second.json.key}`, "content-type": "application/json" }, body: { label: "x" } });
    expect(byKey.status).toBe(403);
    const unknown = await api("provider/tools", { headers: { authorization: `Bearer ${second.json.key.slice(0, -4)}AAAA` } });
    expect(unknown.status).toBe(401);
  });
});
