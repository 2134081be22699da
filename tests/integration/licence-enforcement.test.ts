import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { documentStore } from "../../shared/adapters/index.js";
import { entitlementDocumentId, type EntitlementGrant, type ResolvedScope, type ToolEntitlement } from "../../shared/licences/index.js";
import { entitlementMissCacheMs } from "../../shared/lti/index.js";
import { addMember, createGroup, removeMember } from "../../shared/schools/index.js";
import { demoLtiToolId } from "../../scripts/local-stack/demo-catalogue.js";
import { api, approve, ltiTool, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { eventually, sendWebhook } from "../support/licences.js";
import { callerWith, freshInstellingsnummer, schoolFor, type TestCaller } from "../support/sessions.js";

/*
 * Licences at launch against the running stack: a licensed tool opens only for people that a
 * grant of the school's entitlement names, on a day the grant is valid, with a seat when the
 * licence counts seats; everyone else gets the friendly refusal page, and the refusal counts.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

let provider: TestProvider;
let webhookSecret: string;
let providerName: string;
let licensedTool: string;
let freeTool: string;

async function registered(marker: string, pricing: "free" | "licensed"): Promise<string> {
  const submission = ltiTool(marker, { pricing });
  const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: submission });
  if (created.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(created.json)}`);
  await approve(provider.providerId, created.json.toolId, 1);
  return created.json.toolId as string;
}

/** A school with both tools switched on, and its admin. */
async function school(): Promise<{ schoolId: string; instellingsnummer: string; admin: TestCaller }> {
  const instellingsnummer = freshInstellingsnummer();
  const schoolId = await schoolFor(instellingsnummer);
  const admin = await callerWith("schoolAdmin", schoolId);
  for (const toolId of [licensedTool, freeTool]) {
    const put = await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } });
    if (put.status !== 200) throw new Error(`not enabled: ${JSON.stringify(put.json)}`);
  }
  return { schoolId, instellingsnummer, admin };
}

/** The entitlement as the licence processing projects it, written directly where the scope needs the school's own ids (the webhook path is tested with the intake and below). */
async function entitle(schoolId: string, grants: Partial<EntitlementGrant>[], toolId = licensedTool): Promise<void> {
  const entitlement: ToolEntitlement = {
    id: entitlementDocumentId(toolId),
    schoolId,
    type: "entitlement",
    toolId,
    grants: grants.map((grant, index) => ({
      providerId: provider.providerId,
      licenceId: `L-${uniqueMarker()}-${index}`,
      scope: { level: "school" } as ResolvedScope,
      validFrom: "2020-01-01",
      validUntil: "2099-12-31",
      ...grant,
    })),
    updatedAt: new Date().toISOString(),
  };
  await documentStore().container("school-data").upsert(entitlement);
}

async function launch(caller: TestCaller, toolId = licensedTool, locale = "nl"): Promise<{ status: number; location: string | null; reason?: string; text: string }> {
  const response = await fetch(`${baseUrl}/api/lti/launch/${toolId}?locale=${locale}`, { headers: caller.headers(), redirect: "manual" });
  const text = response.status === 302 ? "" : await response.text();
  const reason = /data-reason="([^"]+)"/.exec(text)?.[1];
  return { status: response.status, location: response.headers.get("location"), ...(reason ? { reason } : {}), text };
}

const opened = (outcome: { status: number; location: string | null }) => outcome.status === 302 && outcome.location!.includes(".tools.example.test/login?");

async function licencesOf(admin: TestCaller) {
  const answer = await api("school/licences", { headers: admin.headers() });
  expect(answer.status).toBe(200);
  return answer.json as { today: string; tools: { toolId: string; grants: any[]; refusals: { noLicence: number; seatsExhausted: number } }[] };
}

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  providerName = `Uitgeverij ${uniqueMarker()}`;
  provider = await newProvider(undefined, providerName);
  licensedTool = await registered(uniqueMarker(), "licensed");
  freeTool = await registered(uniqueMarker(), "free");
  const secret = await api("provider/webhook-secrets", { method: "POST", headers: provider.keyHeaders() });
  webhookSecret = secret.json.secret;
}, 60_000);

describe("licence enforcement at launch", () => {
  it("refuses a pupil of a school without a licence with a friendly page, counts it, and lets the same launch in once a grant webhook arrives", async () => {
    const { schoolId, instellingsnummer, admin } = await school();
    const pupil = await callerWith("pupil", schoolId);

    const refused = await launch(pupil);
    expect(refused.status).toBe(403);
    expect(refused.reason).toBe("no-licence");
    expect(refused.text).toContain("Je school heeft geen licentie voor deze tool");
    expect(refused.text).toContain("ICT-coördinator");
    expect(refused.text).toContain(providerName);
    const inEnglish = await launch(pupil, licensedTool, "en");
    expect(inEnglish.text).toContain("Your school has no licence for this tool");
    expect(opened(await launch(pupil, freeTool))).toBe(true);

    const counted = (await licencesOf(admin)).tools.find((tool) => tool.toolId === licensedTool);
    expect(counted?.refusals).toEqual({ noLicence: 2, seatsExhausted: 0 });
    expect(counted?.grants).toEqual([]);

    const granted = await sendWebhook(
      provider.providerId,
      {
        type: "licence.granted",
        timestamp: new Date().toISOString(),
        data: { licenceId: `L-${uniqueMarker()}`, instellingsnummer, scope: { level: "school" }, toolIds: [licensedTool], validFrom: "2020-01-01", validUntil: "2099-12-31" },
      },
      { secret: webhookSecret },
    );
    expect(granted.status).toBe(204);
    // The queue applies it in the background; the admin's view reads the entitlement itself, not the launch's cache.
    await eventually(
      () => licencesOf(admin),
      (view) => view.tools.some((tool) => tool.toolId === licensedTool && tool.grants.length === 1),
    );
    // A school without any entitlement to the tool is read again after this long (README).
    await new Promise((resolve) => setTimeout(resolve, entitlementMissCacheMs + 250));
    expect(opened(await launch(pupil))).toBe(true);
  }, 90_000);

  it("lets a class licence in for the pupils and teachers of that class only", async () => {
    const { schoolId } = await school();
    const classId = (await createGroup({ schoolId }, { groupType: "class", name: "5B" })).id;
    const inClass = await callerWith("pupil", schoolId);
    const teacher = await callerWith("teacher", schoolId);
    const elsewhere = await callerWith("pupil", schoolId);
    await addMember({ schoolId }, classId, inClass.personId, "pupil");
    await addMember({ schoolId }, classId, teacher.personId, "teacher");
    await entitle(schoolId, [{ scope: { level: "class", groupId: classId } }]);

    expect(opened(await launch(inClass))).toBe(true);
    expect(opened(await launch(teacher))).toBe(true);
    expect((await launch(elsewhere)).reason).toBe("no-licence");
  });

  it("applies a class licence that a webhook names by the roster's sourcedId to that class", async () => {
    const { schoolId, instellingsnummer, admin } = await school();
    const sourcedId = `class-${uniqueMarker()}`;
    const classId = (await createGroup({ schoolId }, { groupType: "class", name: "5C", sourcedId })).id;
    const inClass = await callerWith("pupil", schoolId);
    const elsewhere = await callerWith("pupil", schoolId);
    await addMember({ schoolId }, classId, inClass.personId, "pupil");
    const granted = await sendWebhook(
      provider.providerId,
      {
        type: "licence.granted",
        timestamp: new Date().toISOString(),
        data: { licenceId: `L-${uniqueMarker()}`, instellingsnummer, scope: { level: "class", class: { sourcedId } }, toolIds: [licensedTool], seats: 25, validFrom: "2020-01-01", validUntil: "2099-12-31" },
      },
      { secret: webhookSecret },
    );
    expect(granted.status).toBe(204);
    const view = await eventually(
      () => licencesOf(admin),
      (current) => current.tools.some((tool) => tool.toolId === licensedTool && tool.grants.length === 1),
    );
    expect(view.tools.find((tool) => tool.toolId === licensedTool)!.grants[0]).toMatchObject({ scope: { level: "class", name: "5C" }, seats: { total: 25, used: 0 } });

    expect(opened(await launch(inClass))).toBe(true);
    expect((await launch(elsewhere)).reason).toBe("no-licence");
  }, 90_000);

  it("lets a teacher or pupil licence in for that person in that role only", async () => {
    const { schoolId } = await school();
    const teacher = await callerWith("teacher", schoolId);
    const pupil = await callerWith("pupil", schoolId);
    const otherPupil = await callerWith("pupil", schoolId);
    const otherTeacher = await callerWith("teacher", schoolId);
    await entitle(schoolId, [
      { scope: { level: "teacher", personId: teacher.personId } },
      { scope: { level: "pupil", personId: pupil.personId } },
      // Names a pupil as teacher: the role must match too.
      { scope: { level: "teacher", personId: otherPupil.personId } },
    ]);

    expect(opened(await launch(teacher))).toBe(true);
    expect(opened(await launch(pupil))).toBe(true);
    expect((await launch(otherPupil)).reason).toBe("no-licence");
    expect((await launch(otherTeacher)).reason).toBe("no-licence");
  });

  it("refuses a licence that has ended or not yet begun, and warns the admin of one that ends within 30 days", async () => {
    const expired = await school();
    await entitle(expired.schoolId, [{ validFrom: "2024-09-01", validUntil: day(-2) }, { validFrom: day(3), validUntil: day(200) }]);
    expect((await launch(await callerWith("pupil", expired.schoolId))).reason).toBe("no-licence");
    const grants = (await licencesOf(expired.admin)).tools.find((tool) => tool.toolId === licensedTool)!.grants;
    expect(grants.map((grant) => grant.validity)).toEqual(["expired", "upcoming"]);

    const ending = await school();
    await entitle(ending.schoolId, [{ validFrom: "2024-09-01", validUntil: day(10) }]);
    expect(opened(await launch(await callerWith("pupil", ending.schoolId)))).toBe(true);
    const [grant] = (await licencesOf(ending.admin)).tools.find((tool) => tool.toolId === licensedTool)!.grants;
    expect(grant).toMatchObject({ validity: "active", providerName, scope: { level: "school" } });
    expect(grant.expiresInDays).toBeGreaterThanOrEqual(9);
    expect(grant.expiresInDays).toBeLessThanOrEqual(11);
  });

  it("gives seats first come, refuses when all are in use with the number of seats, shows them to the admin, and frees the seat of a pupil who leaves", async () => {
    const { schoolId, admin } = await school();
    await entitle(schoolId, [{ seats: 2 }]);
    const [first, second, third] = [await callerWith("pupil", schoolId), await callerWith("pupil", schoolId), await callerWith("pupil", schoolId)];

    expect(opened(await launch(first))).toBe(true);
    expect(opened(await launch(second))).toBe(true);
    const full = await launch(third);
    expect(full.status).toBe(403);
    expect(full.reason).toBe("seats-exhausted");
    expect(full.text).toContain("Alle 2 plaatsen van de licentie");
    expect(full.text).toContain(providerName);
    expect(opened(await launch(first))).toBe(true);

    let tool = (await licencesOf(admin)).tools.find((entry) => entry.toolId === licensedTool)!;
    expect(tool.grants[0].seats).toEqual({ total: 2, used: 2 });
    expect(tool.refusals).toEqual({ noLicence: 0, seatsExhausted: 1 });

    const left = await api(`school/people/${first.personId}`, { method: "PATCH", headers: admin.headers("PATCH"), body: { status: "inactive" } });
    expect(left.status).toBe(200);
    tool = (await licencesOf(admin)).tools.find((entry) => entry.toolId === licensedTool)!;
    expect(tool.grants[0].seats).toEqual({ total: 2, used: 1 });

    expect(opened(await launch(third))).toBe(true);
    tool = (await licencesOf(admin)).tools.find((entry) => entry.toolId === licensedTool)!;
    expect(tool.grants[0].seats).toEqual({ total: 2, used: 2 });
  });

  it("gives the seat of a pupil who left the licence's class to the next pupil of that class", async () => {
    const { schoolId, admin } = await school();
    const classId = (await createGroup({ schoolId }, { groupType: "class", name: "3A" })).id;
    const [leaving, waiting] = [await callerWith("pupil", schoolId), await callerWith("pupil", schoolId)];
    for (const pupil of [leaving, waiting]) await addMember({ schoolId }, classId, pupil.personId, "pupil");
    await entitle(schoolId, [{ scope: { level: "class", groupId: classId }, seats: 1 }]);

    expect(opened(await launch(leaving))).toBe(true);
    expect((await launch(waiting)).reason).toBe("seats-exhausted");
    await removeMember({ schoolId }, classId, leaving.personId);
    expect(opened(await launch(waiting))).toBe(true);
    const [grant] = (await licencesOf(admin)).tools.find((tool) => tool.toolId === licensedTool)!.grants;
    expect(grant.seats).toEqual({ total: 1, used: 1 });
  });

  it("never gives more seats than the licence has when many first launches race", async () => {
    const { schoolId, admin } = await school();
    await entitle(schoolId, [{ seats: 3 }]);
    const pupils = await Promise.all(Array.from({ length: 8 }, () => callerWith("pupil", schoolId)));
    const outcomes = await Promise.all(pupils.map((pupil) => launch(pupil)));
    expect(outcomes.filter(opened)).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome.reason === "seats-exhausted")).toHaveLength(5);
    const tool = (await licencesOf(admin)).tools.find((entry) => entry.toolId === licensedTool)!;
    expect(tool.grants[0].seats).toEqual({ total: 3, used: 3 });
  }, 30_000);

  it("shows a school only its own licences", async () => {
    const mine = await school();
    const theirs = await school();
    await entitle(theirs.schoolId, [{}]);
    expect((await licencesOf(mine.admin)).tools.find((tool) => tool.toolId === licensedTool)).toBeUndefined();
    expect((await licencesOf(theirs.admin)).tools.find((tool) => tool.toolId === licensedTool)?.grants).toHaveLength(1);
  });

  it("seeds the demo school with a school licence for the demo LTI tool and a licensed tool without one, and the demo provider's webhook secret", async () => {
    const demo = JSON.parse(await readFile(join(process.env.LOCAL_DATA_DIR!, "demo.json"), "utf8")) as { provider: { providerId: string; webhookSecret: string } };
    expect(demo.provider.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    const schoolId = "school-999101";
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await callerWith("pupil", schoolId);
    const view = await licencesOf(admin);
    expect(view.tools.find((tool) => tool.toolId === demoLtiToolId())?.grants).toContainEqual(
      expect.objectContaining({ providerId: demo.provider.providerId, licenceId: "demo-rekentool-school", scope: { level: "school" }, validity: "active" }),
    );
    const tiles = (await api("home/tiles", { headers: pupil.headers() })).json.tiles as { toolId: string; title: { nl: string } }[];
    const unlicensed = tiles.find((tile) => tile.title.nl === "Demo leesspel")!;
    expect((await launch(pupil, unlicensed.toolId)).reason).toBe("no-licence");
    const licensed = await launch(pupil, demoLtiToolId());
    expect(licensed.status).toBe(302);
  });
});
