import { demoLtiToolId } from "../../scripts/local-stack/demo-catalogue.js";
import { createSession } from "../../shared/identity/index.js";
import { roleUri } from "../../shared/lti/index.js";
import { addMember, createPerson, listGroups, listMemberships } from "../../shared/schools/index.js";
import { api } from "../support/catalogue.js";
import { CookieJar, formOf } from "../support/lti.js";
import { callerWith } from "../support/sessions.js";

/** The demo LTI tool that `npm start` runs (ltijs), registered with the portal for the seeded "Demo rekentool". */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const demoToolUrl = `http://localhost:${process.env.LOCAL_DEMO_TOOL_PORT}`;
const demoSchoolId = "school-999101";

describe("the demo LTI tool of the local stack", () => {
  it("receives a pupil of the demo school from the home tile's launch link and shows what it received", async () => {
    const class5B = (await listGroups({ schoolId: demoSchoolId })).find((group) => group.name === "5B")!;
    const pupil = await createPerson({ schoolId: demoSchoolId }, { roles: ["pupil"], givenName: "Mila", familyName: "Lambert" });
    await addMember({ schoolId: demoSchoolId }, class5B.id, pupil.id, "pupil");
    const session = await createSession({ personId: pupil.id, displayName: "Mila Lambert", roles: ["pupil"], schoolId: demoSchoolId });
    const jar = new CookieJar();
    jar.set(baseUrl, "leerspoor_session", session.id);

    const tiles = await jar.fetch(`${baseUrl}/api/home/tiles`);
    const tile = ((await tiles.json()) as { tiles: { toolId: string; href: string }[] }).tiles.find((t) => t.toolId === demoLtiToolId())!;
    expect(tile.href).toBe(`/api/lti/launch/${demoLtiToolId()}`);

    const membersBefore = (await listMemberships({ schoolId: demoSchoolId }, { groupId: class5B.id })).length;
    const launch = await jar.fetch(`${baseUrl}${tile.href}`);
    expect(launch.headers.get("location")).toMatch(new RegExp(`^${demoToolUrl}/login\\?`));
    const login = await jar.fetch(launch.headers.get("location")!);
    expect(login.headers.get("location")).toMatch(new RegExp(`^${baseUrl}/api/lti/authorize\\?`));
    const form = formOf(await (await jar.fetch(login.headers.get("location")!)).text());
    expect(form.action).toBe(`${demoToolUrl}/`);
    const posted = await jar.fetch(form.action, { form: form.fields });
    expect(posted.status).toBe(302);
    const page = await jar.fetch(new URL(posted.headers.get("location")!, form.action).toString());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Demo rekentool</h1>");
    expect(html).toContain("niet gedeeld");
    const received = JSON.parse(/<script type="application\/json" id="launch">(.*?)<\/script>/s.exec(html)![1]!);
    expect(received).toMatchObject({
      sub: expect.any(String),
      name: null,
      email: null,
      roles: [roleUri.learner, roleUri.student],
      context: { label: "5B", title: "5B" },
      deploymentId: demoSchoolId,
      clientId: demoLtiToolId(),
      issuer: baseUrl,
      custom: { level: "start" },
    });
    expect(received.sub).not.toBe(pupil.id);
    // Read through NRPS at launch; other tests may add pupils to 5B meanwhile.
    expect(received.classSize).toBeGreaterThanOrEqual(membersBefore);
    expect(html).toMatch(/<th scope="row">Klaslijst \(NRPS\)<\/th><td>\d+ leden<\/td>/);
  });

  it("sends 8/10 back with its score button (ltijs' Grade service over the token endpoint and AGS) and the teacher sees it", async () => {
    const class5B = (await listGroups({ schoolId: demoSchoolId })).find((group) => group.name === "5B")!;
    const familyName = `Wouters ${Date.now()}`;
    const pupil = await createPerson({ schoolId: demoSchoolId }, { roles: ["pupil"], givenName: "Ilias", familyName });
    await addMember({ schoolId: demoSchoolId }, class5B.id, pupil.id, "pupil");
    const session = await createSession({ personId: pupil.id, displayName: `Ilias ${familyName}`, roles: ["pupil"], schoolId: demoSchoolId });
    const jar = new CookieJar();
    jar.set(baseUrl, "leerspoor_session", session.id);

    const launch = await jar.fetch(`${baseUrl}/api/lti/launch/${demoLtiToolId()}?groupId=${class5B.id}`);
    const login = await jar.fetch(launch.headers.get("location")!);
    const form = formOf(await (await jar.fetch(login.headers.get("location")!)).text());
    const posted = await jar.fetch(form.action, { form: form.fields });
    const html = await (await jar.fetch(new URL(posted.headers.get("location")!, form.action).toString())).text();
    expect(html).toContain('<button type="submit">Score 8/10 insturen</button>');
    const ltik = /<form method="post" action="\/score"><input type="hidden" name="ltik" value="([^"]+)">/.exec(html)![1]!;

    const scored = await jar.fetch(`${demoToolUrl}/score`, { form: { ltik } });
    const answer = await scored.text();
    expect(scored.status).toBe(200);
    expect(answer).toContain('data-score-sent="true"');

    const teacher = await callerWith("teacher", demoSchoolId);
    const seen = await api(`school/groups/${class5B.id}/scores`, { headers: teacher.headers() });
    expect(seen.status).toBe(200);
    const scores = seen.json.lineItems.filter((item: { toolId: string }) => item.toolId === demoLtiToolId()).flatMap((item: { scores: unknown[] }) => item.scores);
    expect(scores).toContainEqual(expect.objectContaining({ personId: pupil.id, name: `Ilias ${familyName}`, scoreGiven: 8, scoreMaximum: 10 }));
  });
});
