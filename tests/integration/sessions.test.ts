import { createSession, endSessionsOf, resolveSession } from "../../shared/identity/index.js";

const minutes = (n: number) => n * 60_000;
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);
const newSession = (start: Date, personId = `p-${Math.random()}`) =>
  createSession({ personId, displayName: "Test", roles: ["teacher"], schoolId: "school-x" }, start);

describe("sessions", () => {
  it("end after the idle time without requests", async () => {
    const start = new Date("2026-09-01T08:00:00Z");
    const untouched = await newSession(start);
    expect(await resolveSession(untouched.id, at(start, minutes(121)))).toBeUndefined();

    const used = await newSession(start);
    const later = await resolveSession(used.id, at(start, minutes(60)));
    const id = later!.rotatedTo ?? used.id;
    expect(await resolveSession(id, at(start, minutes(60) + minutes(119)))).toBeDefined();
    expect(await resolveSession(id, at(start, minutes(60) + minutes(119) + minutes(121)))).toBeUndefined();
  });

  it("stay alive while used, but never past the absolute limit", async () => {
    const start = new Date("2026-09-01T08:00:00Z");
    const session = await newSession(start);
    let id = session.id;
    for (let hour = 1; hour < 12; hour++) {
      const resolved = await resolveSession(id, at(start, hour * 3_600_000));
      expect(resolved).toBeDefined();
      id = resolved!.rotatedTo ?? id;
    }
    expect(await resolveSession(id, at(start, 12 * 3_600_000 + 1))).toBeUndefined();
  });

  it("rotate their id after 15 minutes; the old id works only for a short grace", async () => {
    const start = new Date("2026-09-01T08:00:00Z");
    const session = await newSession(start);
    const rotated = await resolveSession(session.id, at(start, minutes(16)));
    expect(rotated?.rotatedTo).toEqual(expect.any(String));
    expect(rotated!.rotatedTo).not.toBe(session.id);
    expect(rotated!.session.csrfToken).toBe(session.csrfToken);
    expect((await resolveSession(session.id, at(start, minutes(16) + 30_000)))?.session.id).toBe(rotated!.rotatedTo);
    expect(await resolveSession(session.id, at(start, minutes(18)))).toBeUndefined();
    expect(await resolveSession(rotated!.rotatedTo!, at(start, minutes(18)))).toBeDefined();
  });

  it("can all be ended for one person", async () => {
    const start = new Date();
    const a = await newSession(start, "person-ended");
    const b = await newSession(start, "person-ended");
    expect(await endSessionsOf("person-ended")).toBe(2);
    expect(await resolveSession(a.id, start)).toBeUndefined();
    expect(await resolveSession(b.id, start)).toBeUndefined();
  });
});
