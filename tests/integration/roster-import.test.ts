import { parse } from "csv-parse/sync";
import { listGroups, listMemberships, listPeople, readTenant } from "../../shared/schools/index.js";
import { oneRosterZip, type Rows } from "../support/oneroster.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

interface ImportView {
  id: string;
  state: string;
  progress: { done: number; total: number };
  counts: { created: number; updated: number; unchanged: number; deactivated: number; errors: number };
  pendingDeactivation?: { people: number; activePeople: number; share: number };
}

async function upload(admin: TestCaller, bytes: Uint8Array, fileName: string): Promise<{ status: number; body: ImportView }> {
  const response = await fetch(`${baseUrl}/api/school/roster-imports?fileName=${encodeURIComponent(fileName)}`, {
    method: "POST",
    headers: { ...admin.headers("POST"), "content-type": fileName.endsWith(".zip") ? "application/zip" : "text/csv" },
    body: Buffer.from(bytes),
  });
  return { status: response.status, body: (await response.json()) as ImportView };
}

async function waitFor(admin: TestCaller, id: string, done: (view: ImportView) => boolean, seen: ImportView[] = [], timeoutMs = 480_000): Promise<ImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await fetch(`${baseUrl}/api/school/roster-imports/${id}`, { headers: admin.headers() })).json()) as ImportView;
    seen.push(view);
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`import still ${view.state} after ${timeoutMs} ms: ${JSON.stringify(view.progress)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const finished = (view: ImportView) => ["completed", "failed", "needs-confirmation"].includes(view.state);

/** A OneRoster bulk roster of one school: `pupils` pupils in classes of 25, a teacher per class, and the bad rows asked for. */
function schoolRoster(instellingsnummer: string, pupils: number, options: { skip?: (i: number) => boolean; badEmails?: number[]; tobedeleted?: number[] } = {}): Rows {
  const classes = Math.ceil(pupils / 25);
  const skip = options.skip ?? (() => false);
  const users: NonNullable<Rows["users"]> = [];
  const roles: NonNullable<Rows["roles"]> = [];
  const enrollments: NonNullable<Rows["enrollments"]> = [];
  for (let i = 0; i < pupils; i++) {
    if (skip(i)) continue;
    const status = options.tobedeleted?.includes(i) ? "tobedeleted" : "";
    users.push({ sourcedId: `u-${i}`, status, enabledUser: "true", givenName: `Leerling${i}`, familyName: `Achternaam${i % 97}`, email: options.badEmails?.includes(i) ? "geen-adres" : `l${i}@school.test` });
    roles.push({ sourcedId: `r-${i}`, status, userSourcedId: `u-${i}`, roleType: "primary", role: "student", orgSourcedId: "org" });
    enrollments.push({ sourcedId: `e-${i}`, status, classSourcedId: `c-${i % classes}`, schoolSourcedId: "org", userSourcedId: `u-${i}`, role: "student" });
  }
  for (let c = 0; c < classes; c++) {
    users.push({ sourcedId: `t-${c}`, enabledUser: "true", givenName: `Leerkracht${c}`, familyName: "Test", email: `t${c}@school.test` });
    roles.push({ sourcedId: `rt-${c}`, userSourcedId: `t-${c}`, roleType: "primary", role: "teacher", orgSourcedId: "org" });
    enrollments.push({ sourcedId: `et-${c}`, classSourcedId: `c-${c}`, schoolSourcedId: "org", userSourcedId: `t-${c}`, role: "teacher" });
  }
  return {
    orgs: [{ sourcedId: "org", name: "Testschool", type: "school", identifier: instellingsnummer }],
    users,
    roles,
    classes: Array.from({ length: classes }, (_, c) => ({ sourcedId: `c-${c}`, title: `Klas ${c}`, schoolSourcedId: "org" })),
    enrollments,
  };
}

async function adminOfNewSchool(): Promise<{ admin: TestCaller; schoolId: string; instellingsnummer: string }> {
  const schoolId = await schoolFor();
  const instellingsnummer = (await readTenant(schoolId))!.instellingsnummer!;
  return { admin: await callerWith("schoolAdmin", schoolId), schoolId, instellingsnummer };
}

describe("roster import", () => {
  it("imports 10,000 pupils with progress, reports bad rows by row and field, and a second import changes nothing", async () => {
    const { admin, schoolId, instellingsnummer } = await adminOfNewSchool();
    const bytes = oneRosterZip(schoolRoster(instellingsnummer, 10_000, { badEmails: [17, 4242] }));
    const started = Date.now();
    const first = await upload(admin, bytes, "roster.zip");
    expect(first.status).toBe(202);
    const seen: ImportView[] = [];
    const done = await waitFor(admin, first.body.id, finished, seen);
    console.log(`10,000-pupil OneRoster import: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(done.state).toBe("completed");
    expect(seen.some((v) => v.progress.total > 0 && v.progress.done > 0 && v.progress.done < v.progress.total)).toBe(true);
    expect(done.progress.done).toBe(done.progress.total);
    // Each bad user row also orphans its role and enrollment rows: 3 reported rows per bad e-mail.
    expect(done.counts).toMatchObject({ errors: 6, deactivated: 0, updated: 0 });

    const people = await listPeople({ schoolId });
    expect(people.filter((p) => p.roles.includes("pupil"))).toHaveLength(9_998);
    expect((await listGroups({ schoolId })).length).toBe(400);
    expect((await listMemberships({ schoolId }, {})).length).toBe(9_998 + 400);

    const report = await fetch(`${baseUrl}/api/school/roster-imports/${done.id}/errors.csv`, { headers: admin.headers() });
    expect(report.headers.get("content-type")).toMatch(/text\/csv/);
    const rows = parse((await report.text()).replace(/^\uFEFF/, ""), { columns: true }) as { file: string; row: string; field: string }[];
    expect(rows.filter((r) => r.file === "users.csv").map((r) => [r.row, r.field])).toEqual([
      ["19", "email"],
      ["4244", "email"],
    ]);
    expect(rows.map((r) => r.file).sort()).toEqual(["enrollments.csv", "enrollments.csv", "roles.csv", "roles.csv", "users.csv", "users.csv"]);

    const again = await upload(admin, bytes, "roster.zip");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: done.id, state: "completed" });

    // The same roster in another file (rows in another order) is a new import that writes nothing.
    const shuffled = schoolRoster(instellingsnummer, 10_000, { badEmails: [17, 4242] });
    shuffled.users!.reverse();
    const second = await upload(admin, oneRosterZip(shuffled), "roster-2.zip");
    expect(second.body.id).not.toBe(done.id);
    const secondDone = await waitFor(admin, second.body.id, finished);
    expect(secondDone.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    expect(secondDone.counts.unchanged).toBeGreaterThan(20_000);
  }, 1_200_000);

  it("asks before a bulk roster deactivates more than a fifth of the people, and deactivates without deleting once confirmed", async () => {
    const { admin, schoolId, instellingsnummer } = await adminOfNewSchool();
    const first = await upload(admin, oneRosterZip(schoolRoster(instellingsnummer, 100)), "full.zip");
    expect((await waitFor(admin, first.body.id, finished)).state).toBe("completed");

    const shrunk = await upload(admin, oneRosterZip(schoolRoster(instellingsnummer, 100, { skip: (i) => i < 30 })), "shrunk.zip");
    const waiting = await waitFor(admin, shrunk.body.id, finished);
    expect(waiting.state).toBe("needs-confirmation");
    expect(waiting.pendingDeactivation).toMatchObject({ people: 30, activePeople: 105 });
    expect((await listPeople({ schoolId }, { status: "inactive" })).length).toBe(0);

    const confirm = await fetch(`${baseUrl}/api/school/roster-imports/${waiting.id}/confirm`, { method: "POST", headers: admin.headers("POST") });
    expect(confirm.status).toBe(202);
    const done = await waitFor(admin, waiting.id, (v) => v.state === "completed" || v.state === "failed");
    expect(done.counts.deactivated).toBe(30);
    const inactive = await listPeople({ schoolId }, { status: "inactive" });
    expect(inactive.map((p) => p.sourcedId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `u-${i}`).sort());
  }, 120_000);

  it("deactivates the people a delta marks tobedeleted", async () => {
    const { admin, schoolId, instellingsnummer } = await adminOfNewSchool();
    await waitFor(admin, (await upload(admin, oneRosterZip(schoolRoster(instellingsnummer, 30)), "full.zip")).body.id, finished);
    const delta = schoolRoster(instellingsnummer, 30, { skip: (i) => i !== 3, tobedeleted: [3] });
    // A delta file states the status of every row.
    for (const rows of Object.values(delta)) for (const row of rows as { status?: string }[]) row.status ||= "active";
    const done = await waitFor(admin, (await upload(admin, oneRosterZip(delta, "delta"), "delta.zip")).body.id, finished);
    expect(done.state).toBe("completed");
    expect((await listPeople({ schoolId }, { status: "inactive" })).map((p) => p.sourcedId)).toEqual(["u-3"]);
  });

  it("imports a school's own CSV list with Dutch headers and semicolons", async () => {
    const { admin, schoolId } = await adminOfNewSchool();
    const list = "Voornaam;Achternaam;Klas;Rol;E-mail\nNoor;Claes;1A;leerling;noor@school.test\nFinn;Wouters;1A;leerling;\nLotte;Peeters;;leerkracht;lotte@school.test\n";
    const done = await waitFor(admin, (await upload(admin, new TextEncoder().encode(list), "klaslijst.csv")).body.id, finished);
    expect(done).toMatchObject({ state: "completed", counts: { created: expect.any(Number), errors: 0 } });
    const people = await listPeople({ schoolId });
    const imported = people.filter((p) => p.sourcedId);
    expect(imported.map((p) => `${p.givenName} ${p.roles.join("+")}`).sort()).toEqual(["Finn pupil", "Lotte teacher", "Noor pupil"]);
    expect((await listGroups({ schoolId })).map((g) => g.name)).toEqual(["1A"]);
  });

  it("refuses an upload that is no roster, naming the body, and stores nothing", async () => {
    const { admin } = await adminOfNewSchool();
    for (const bytes of [new Uint8Array(), new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2])]) {
      const response = await fetch(`${baseUrl}/api/school/roster-imports?fileName=x.zip`, { method: "POST", headers: admin.headers("POST"), body: Buffer.from(bytes) });
      expect(response.status).toBe(400);
      expect((await response.json()).errors).toEqual([expect.objectContaining({ field: "body" })]);
    }
    const list = (await (await fetch(`${baseUrl}/api/school/roster-imports`, { headers: admin.headers() })).json()) as { imports: unknown[] };
    expect(list.imports).toEqual([]);
  });
});
