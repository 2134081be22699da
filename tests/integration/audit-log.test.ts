import { createPerson } from "../../shared/schools/index.js";
import { auditEntriesAbout } from "../../shared/identity/index.js";
import { callerWith, schoolFor } from "../support/sessions.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

describe("the audit log", () => {
  it("records who changed whom, with ids only", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Zoë", familyName: "Auditsma", email: "zoe@example.test" });
    const response = await fetch(`${baseUrl}/api/school/people/${pupil.id}`, {
      method: "PATCH",
      headers: admin.headers("PATCH"),
      body: JSON.stringify({ familyName: "Auditsma-Peeters" }),
    });
    expect(response.status).toBe(200);
    const entries = await auditEntriesAbout(schoolId, pupil.id);
    expect(entries).toEqual([
      expect.objectContaining({ actorId: admin.personId, action: "school-people-update", method: "PATCH", subjectId: pupil.id, status: 200 }),
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Auditsma|Zoë|zoe@/);
  });

  it("records nothing for reads and for refused calls", async () => {
    const schoolId = await schoolFor();
    const teacher = await callerWith("teacher", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Rik", familyName: "Leest" });
    await fetch(`${baseUrl}/api/school/people/${pupil.id}`, { headers: teacher.headers() });
    await fetch(`${baseUrl}/api/school/people/${pupil.id}`, { method: "PATCH", headers: teacher.headers("PATCH"), body: "{}" });
    expect(await auditEntriesAbout(schoolId, pupil.id)).toEqual([]);
  });
});
