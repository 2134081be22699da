import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { documentStore } from "../../shared/adapters/index.js";
import { functionRegistry } from "../../shared/runtime/index.js";
import { addMember, createGroup, createPerson, startRosterImport } from "../../shared/schools/index.js";
import { callerWith, schoolFor } from "../support/sessions.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

beforeAll(async () => {
  const dir = new URL("../../functions/", import.meta.url);
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts"))) await import(new URL(file, dir).href);
});

describe("tenant isolation", () => {
  it("gives a teacher and an admin of school A 404 for every object of school B", async () => {
    const schoolB = await schoolFor();
    const pupilB = await createPerson({ schoolId: schoolB }, { roles: ["pupil"], givenName: "Bea", familyName: "B" });
    const classB = await createGroup({ schoolId: schoolB }, { groupType: "class", name: "6B" });
    await addMember({ schoolId: schoolB }, classB.id, pupilB.id, "pupil");
    const requestB = await documentStore()
      .container("school-data")
      .create({ id: randomUUID(), schoolId: schoolB, type: "privacy-request", action: "erase", state: "queued", personId: pupilB.id });
    const importB = await startRosterImport({ schoolId: schoolB }, pupilB.id, {
      bytes: new TextEncoder().encode("naam;klas;rol\nBert B;6B;leerling\n"),
      fileName: "klas.csv",
    });
    const activityB = await documentStore()
      .container("school-data")
      .create({ id: randomUUID(), schoolId: schoolB, type: "activity", toolId: randomUUID(), groupId: classB.id, title: "Oefening B", targetLinkUri: "https://tool.example.test/", custom: {}, presentation: "window", createdBy: pupilB.id, createdAt: new Date().toISOString() });
    const ids: Record<string, string> = { personId: pupilB.id, groupId: classB.id, requestId: requestB.id, importId: importB.record.id, activityId: activityB.id };

    const schoolA = await schoolFor();
    const routesWithIds = functionRegistry.http.filter((route) => route.route.startsWith("school/") && route.route.includes("{"));
    expect(routesWithIds.length).toBeGreaterThanOrEqual(5);
    for (const role of ["teacher", "schoolAdmin"] as const) {
      const caller = await callerWith(role, schoolA);
      for (const route of routesWithIds.filter((r) => r.allows !== "public" && r.allows.includes(role))) {
        for (const method of route.methods) {
          const path = route.route.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!);
          const body = method === "PUT" ? JSON.stringify({ role: "pupil" }) : method === "PATCH" ? JSON.stringify({ givenName: "Hacked" }) : undefined;
          const response = await fetch(`${baseUrl}/api/${path}`, { method, headers: caller.headers(method), body });
          expect([role, method, route.route, response.status]).toEqual([role, method, route.route, 404]);
        }
      }
      const people = await (await fetch(`${baseUrl}/api/school/people`, { headers: caller.headers() })).json();
      expect(JSON.stringify(people)).not.toContain(pupilB.id);
      const groups = await (await fetch(`${baseUrl}/api/school/groups`, { headers: caller.headers() })).json();
      expect(JSON.stringify(groups)).not.toContain(classB.id);
    }
  });

  it("takes the school from the session, never from the body", async () => {
    const schoolA = await schoolFor();
    const schoolB = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolA);
    const response = await fetch(`${baseUrl}/api/school/groups`, {
      method: "POST",
      headers: admin.headers("POST"),
      body: JSON.stringify({ groupType: "class", name: "3C", schoolId: schoolB }),
    });
    expect(response.status).toBe(201);
    expect((await response.json()).schoolId).toBe(schoolA);
  });
});
