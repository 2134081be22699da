import { randomBytes } from "node:crypto";
import { documentStore } from "../../shared/adapters/index.js";
import { checkSymbolOf, type IssuedLoginCards } from "../../shared/identity/index.js";
import { addMember, createGroup, createPerson, removeMember } from "../../shared/schools/index.js";
import { callerWith, freshInstellingsnummer, schoolFor, type TestCaller } from "../support/sessions.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

interface School {
  schoolId: string;
  nr: string;
  teacher: TestCaller;
  admin: TestCaller;
}

async function newSchool(): Promise<School> {
  const nr = freshInstellingsnummer();
  const schoolId = await schoolFor(nr);
  return { schoolId, nr, teacher: await callerWith("teacher", schoolId), admin: await callerWith("schoolAdmin", schoolId) };
}

async function classWithPupils(schoolId: string, names: string[], className = "1A"): Promise<{ groupId: string; pupilIds: string[] }> {
  const group = await createGroup({ schoolId }, { groupType: "class", name: className });
  const pupilIds: string[] = [];
  for (const givenName of names) {
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName, familyName: "Peeters", avatar: "star" });
    await addMember({ schoolId }, group.id, pupil.id, "pupil");
    pupilIds.push(pupil.id);
  }
  return { groupId: group.id, pupilIds };
}

const post = (caller: TestCaller, path: string, body: unknown, method = "POST") =>
  fetch(`${baseUrl}/api/${path}`, { method, headers: caller.headers(method), body: JSON.stringify(body) });

async function issue(caller: TestCaller, body: unknown): Promise<IssuedLoginCards> {
  const response = await post(caller, "school/login-cards", body);
  expect(response.status).toBe(201);
  return (await response.json()) as IssuedLoginCards;
}

/** A different client address per test, so that attempt counters of tests never meet. */
const newClient = (): string => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}, 10.0.0.1`;

function cardSignIn(body: Record<string, unknown>, client = newClient(), headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/card`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client, ...headers },
    body: JSON.stringify(body),
  });
}

const sessionCookieOf = (response: Response): string | undefined =>
  response.headers.getSetCookie().find((cookie) => cookie.startsWith("leerspoor_session="))?.split(";")[0];

async function meWith(cookie: string): Promise<{ personId: string; roles: string[]; school: { id: string } | null }> {
  const response = await fetch(`${baseUrl}/api/me`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.json();
}

/** Signs in and returns who /api/me then says is signed in. */
async function signedInAs(nr: string, code: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await cardSignIn({ instellingsnummer: nr, code, ...extra });
  expect([response.status, await response.clone().text()]).toEqual([200, expect.any(String)]);
  const cookie = sessionCookieOf(response);
  expect(cookie).toBeDefined();
  return (await meWith(cookie!)).personId;
}

async function expectRefused(response: Response, type = "urn:leerspoor:problem:card-refused"): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(sessionCookieOf(response)).toBeUndefined();
  expect((await response.json()).type).toBe(type);
}

/** A code that is well formed (right check symbol) but was never issued. */
function wellFormedWrongCode(): string {
  const payload = [...randomBytes(11)].map((byte) => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[byte & 31]).join("");
  return payload + checkSymbolOf(payload);
}

describe("login cards", () => {
  it("issues cards for a class, and a card's code signs its pupil in", async () => {
    const school = await newSchool();
    const { groupId, pupilIds } = await classWithPupils(school.schoolId, ["Amir", "Bo", "Cas"]);

    const issued = await issue(school.teacher, { groupId });
    expect(issued.school.instellingsnummer).toBe(school.nr);
    expect(issued.pinRequired).toBe(false);
    expect(issued.cards.map((card) => card.personId).sort()).toEqual([...pupilIds].sort());
    for (const card of issued.cards) {
      expect(card.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(card.url).toBe(`${baseUrl}/kaart/${school.nr}#${card.code.replaceAll("-", "")}`);
      expect(card.qrSvg).toMatch(/^<svg[^>]*viewBox/);
      expect(card.avatar).toBe("star");
      expect(card.pin).toBeUndefined();
    }

    const [first] = issued.cards;
    expect(await signedInAs(school.nr, first!.code)).toBe(first!.personId);
    // Typed the way a person might: lower case, without dashes.
    const cookie = sessionCookieOf(await cardSignIn({ instellingsnummer: school.nr, code: first!.code.replaceAll("-", "").toLowerCase() }));
    const me = await meWith(cookie!);
    expect(me).toMatchObject({ personId: first!.personId, roles: ["pupil"], school: { id: school.schoolId } });

    // Only hashes are kept: no code can be read back from the store.
    const stored = await documentStore()
      .container("school-data")
      .query<object>({ query: "SELECT * FROM c WHERE c.type = 'login-card'" }, { partitionKey: school.schoolId });
    expect(stored).toHaveLength(3);
    const dump = JSON.stringify(stored);
    for (const card of issued.cards) expect(dump).not.toContain(card.code.replaceAll("-", "").slice(3, 11));

    const list = await (await fetch(`${baseUrl}/api/school/login-cards?groupId=${groupId}`, { headers: school.teacher.headers() })).json();
    expect(list.cards.map((c: { personId: string }) => c.personId).sort()).toEqual([...pupilIds].sort());
    expect(JSON.stringify(list)).not.toContain(first!.code);
  });

  it("keeps a card working after its pupil changes class", async () => {
    const school = await newSchool();
    const { groupId, pupilIds } = await classWithPupils(school.schoolId, ["Daan"]);
    const [card] = (await issue(school.teacher, { groupId })).cards;

    await removeMember({ schoolId: school.schoolId }, groupId, pupilIds[0]!);
    const other = await createGroup({ schoolId: school.schoolId }, { groupType: "class", name: "2B" });
    await addMember({ schoolId: school.schoolId }, other.id, pupilIds[0]!, "pupil");

    expect(await signedInAs(school.nr, card!.code)).toBe(pupilIds[0]);
  });

  it("refuses a voided card and accepts the reissued one; a reissue voids the card before it", async () => {
    const school = await newSchool();
    const { pupilIds } = await classWithPupils(school.schoolId, ["Eva"]);
    const [first] = (await issue(school.teacher, { personIds: pupilIds })).cards;

    const voided = await post(school.teacher, "school/login-cards/void", { personId: pupilIds[0] });
    expect([voided.status, await voided.json()]).toEqual([200, { voided: 1 }]);
    await expectRefused(await cardSignIn({ instellingsnummer: school.nr, code: first!.code }));

    const [second] = (await issue(school.teacher, { personIds: pupilIds })).cards;
    expect(second!.code).not.toBe(first!.code);
    expect(await signedInAs(school.nr, second!.code)).toBe(pupilIds[0]);

    const [third] = (await issue(school.teacher, { personIds: pupilIds })).cards;
    await expectRefused(await cardSignIn({ instellingsnummer: school.nr, code: second!.code }));
    expect(await signedInAs(school.nr, third!.code)).toBe(pupilIds[0]);
  });

  it("lets a school admin void every card of the school at once, and no teacher", async () => {
    const school = await newSchool();
    const a = await classWithPupils(school.schoolId, ["Fien", "Gust"], "3A");
    const b = await classWithPupils(school.schoolId, ["Hanne"], "3B");
    const cards = [...(await issue(school.teacher, { groupId: a.groupId })).cards, ...(await issue(school.teacher, { groupId: b.groupId })).cards];

    const byTeacher = await post(school.teacher, "school/login-cards/void", { all: true });
    expect(byTeacher.status).toBe(403);
    expect(await signedInAs(school.nr, cards[0]!.code)).toBe(cards[0]!.personId);

    const byAdmin = await post(school.admin, "school/login-cards/void", { all: true });
    expect([byAdmin.status, await byAdmin.json()]).toEqual([200, { voided: 3 }]);
    for (const card of cards) await expectRefused(await cardSignIn({ instellingsnummer: school.nr, code: card.code }));
    const list = await (await fetch(`${baseUrl}/api/school/login-cards`, { headers: school.admin.headers() })).json();
    expect(list.cards).toEqual([]);
  });

  it("never lets a card of one school open another school", async () => {
    const schoolA = await newSchool();
    const schoolB = await newSchool();
    const { groupId } = await classWithPupils(schoolB.schoolId, ["Ines"]);
    const [cardB] = (await issue(schoolB.teacher, { groupId })).cards;

    await expectRefused(await cardSignIn({ instellingsnummer: schoolA.nr, code: cardB!.code }));
    expect(await signedInAs(schoolB.nr, cardB!.code)).toBe(cardB!.personId);
  });

  it("asks for the PIN when the school requires one, and accepts the card only with the right PIN", async () => {
    const school = await newSchool();
    const setting = await post(school.admin, "school/login-card-settings", { pinRequired: true }, "PUT");
    expect([setting.status, await setting.json()]).toEqual([200, { pinRequired: true }]);
    const { groupId, pupilIds } = await classWithPupils(school.schoolId, ["Jens"]);
    const issued = await issue(school.teacher, { groupId });
    expect(issued.pinRequired).toBe(true);
    const [card] = issued.cards;
    expect(card!.pin).toMatch(/^\d{4}$/);

    await expectRefused(await cardSignIn({ instellingsnummer: school.nr, code: card!.code }), "urn:leerspoor:problem:pin-required");
    const wrongPin = String((Number(card!.pin) + 1) % 10000).padStart(4, "0");
    const refused = await cardSignIn({ instellingsnummer: school.nr, code: card!.code, pin: wrongPin });
    const wrongCode = await cardSignIn({ instellingsnummer: school.nr, code: wellFormedWrongCode(), pin: card!.pin });
    // Neither answer tells which part was wrong.
    const [a, b] = [await refused.json(), await wrongCode.json()];
    expect([refused.status, a.type, a.title, a.detail]).toEqual([wrongCode.status, b.type, b.title, b.detail]);
    expect(a.type).toBe("urn:leerspoor:problem:card-refused");
    expect(await signedInAs(school.nr, card!.code, { pin: card!.pin })).toBe(pupilIds[0]);

    const list = await (await fetch(`${baseUrl}/api/school/login-cards`, { headers: school.teacher.headers() })).json();
    expect(list).toMatchObject({ pinRequired: true, cards: [{ personId: pupilIds[0], hasPin: true }] });
  });

  it("makes a device wait after ten wrong codes (429 with Retry-After), without blocking another device", async () => {
    const school = await newSchool();
    const { groupId } = await classWithPupils(school.schoolId, ["Kato"]);
    const [card] = (await issue(school.teacher, { groupId })).cards;
    const device = newClient();

    for (let attempt = 0; attempt < 10; attempt++) {
      await expectRefused(await cardSignIn({ instellingsnummer: school.nr, code: wellFormedWrongCode() }, device));
    }
    const limited = await cardSignIn({ instellingsnummer: school.nr, code: wellFormedWrongCode() }, device);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect((await limited.json()).type).toBe("urn:leerspoor:problem:too-many-attempts");
    // Even the right code waits on that device…
    expect((await cardSignIn({ instellingsnummer: school.nr, code: card!.code }, device)).status).toBe(429);
    // …while another device of the same school signs in at once.
    expect((await cardSignIn({ instellingsnummer: school.nr, code: card!.code }, newClient())).status).toBe(200);
  });

  it("counts every failure of parallel attempts", async () => {
    const school = await newSchool();
    const device = newClient();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cardSignIn({ instellingsnummer: school.nr, code: wellFormedWrongCode() }, device)),
    );
    expect(answers.map((response) => response.status)).toEqual(Array(10).fill(401));
    expect((await cardSignIn({ instellingsnummer: school.nr, code: wellFormedWrongCode() }, device)).status).toBe(429);
  });

  it("does not count mistyped codes (caught by the check symbol) as failed attempts", async () => {
    const school = await newSchool();
    const { groupId } = await classWithPupils(school.schoolId, ["Lou"]);
    const [card] = (await issue(school.teacher, { groupId })).cards;
    const device = newClient();
    const plain = card!.code.replaceAll("-", "");
    const typo = plain.slice(0, 5) + (plain[5] === "A" ? "B" : "A") + plain.slice(6);
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await cardSignIn({ instellingsnummer: school.nr, code: typo }, device);
      expect(response.status).toBe(400);
      expect((await response.json()).errors).toEqual([expect.objectContaining({ field: "body.code" })]);
    }
    expect((await cardSignIn({ instellingsnummer: school.nr, code: card!.code }, device)).status).toBe(200);
  });

  it("gives a teacher of school A 404 for school B's pupils and classes", async () => {
    const schoolA = await newSchool();
    const schoolB = await newSchool();
    const { groupId, pupilIds } = await classWithPupils(schoolB.schoolId, ["Mila"]);
    const [cardB] = (await issue(schoolB.teacher, { groupId })).cards;

    for (const caller of [schoolA.teacher, schoolA.admin]) {
      expect((await post(caller, "school/login-cards", { personIds: pupilIds })).status).toBe(404);
      expect((await post(caller, "school/login-cards", { groupId })).status).toBe(404);
      expect((await post(caller, "school/login-cards/void", { personId: pupilIds[0] })).status).toBe(404);
      expect((await fetch(`${baseUrl}/api/school/login-cards?groupId=${groupId}`, { headers: caller.headers() })).status).toBe(404);
    }
    // School A's year-end void leaves school B's cards alone.
    expect((await (await post(schoolA.admin, "school/login-cards/void", { all: true })).json()).voided).toBe(0);
    expect(await signedInAs(schoolB.nr, cardB!.code)).toBe(pupilIds[0]);
  });

  it("issues cards to pupils only", async () => {
    const school = await newSchool();
    const response = await post(school.teacher, "school/login-cards", { personIds: [school.teacher.personId] });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([expect.objectContaining({ field: "body.personIds.0" })]);
  });

  it("answers bad input with 400 problem+json naming the field", async () => {
    const school = await newSchool();
    const cases: [body: Record<string, unknown>, field: string][] = [
      [{ instellingsnummer: school.nr }, "body.code"],
      [{ instellingsnummer: "12a45", code: wellFormedWrongCode() }, "body.instellingsnummer"],
      [{ code: wellFormedWrongCode() }, "body.instellingsnummer"],
      [{ instellingsnummer: school.nr, code: "ABC" }, "body.code"],
      [{ instellingsnummer: school.nr, code: wellFormedWrongCode(), pin: "12345" }, "body.pin"],
    ];
    for (const [body, field] of cases) {
      const response = await cardSignIn(body);
      expect([field, response.status, response.headers.get("content-type")]).toEqual([field, 400, "application/problem+json"]);
      expect((await response.json()).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const noTarget = await post(school.teacher, "school/login-cards", {});
    expect(noTarget.status).toBe(400);
    expect((await noTarget.json()).errors[0].field).toBe("body.personIds");
    const unknownSchool = await cardSignIn({ instellingsnummer: "000001", code: wellFormedWrongCode() });
    expect([unknownSchool.status, (await unknownSchool.json()).type]).toEqual([404, "urn:leerspoor:problem:unknown-school"]);
  });

  it("refuses a card sign-in posted from another site", async () => {
    const school = await newSchool();
    const { groupId } = await classWithPupils(school.schoolId, ["Nora"]);
    const [card] = (await issue(school.teacher, { groupId })).cards;
    const response = await cardSignIn({ instellingsnummer: school.nr, code: card!.code }, newClient(), { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it("signs out whoever was signed in on the shared device", async () => {
    const school = await newSchool();
    const { groupId } = await classWithPupils(school.schoolId, ["Otto", "Pia"]);
    const [otto, pia] = (await issue(school.teacher, { groupId })).cards;
    const ottoCookie = sessionCookieOf(await cardSignIn({ instellingsnummer: school.nr, code: otto!.code }))!;
    const piaResponse = await cardSignIn({ instellingsnummer: school.nr, code: pia!.code }, newClient(), { cookie: ottoCookie });
    expect(piaResponse.status).toBe(200);
    expect((await fetch(`${baseUrl}/api/me`, { headers: { cookie: ottoCookie } })).status).toBe(401);
    expect((await meWith(sessionCookieOf(piaResponse)!)).personId).toBe(pia!.personId);
  });
});
