import { randomUUID } from "node:crypto";
import { documentStore } from "../../shared/adapters/index.js";
import { createSession, type Role } from "../../shared/identity/index.js";
import { createPerson, ensureSchool } from "../../shared/schools/index.js";

/** A signed-in caller for HTTP tests: the cookie and CSRF token of a real session in the stack's store. */
export interface TestCaller {
  role: Role;
  personId: string;
  schoolId?: string;
  providerId?: string;
  headers(method?: string): Record<string, string>;
}

let counter = 0;
/** A fresh instellingsnummer per call, so tests never share a school by accident. */
export const freshInstellingsnummer = (): string => String(100000 + ((Date.now() + counter++ * 7919) % 899999));

export async function schoolFor(instellingsnummer = freshInstellingsnummer()): Promise<string> {
  return (await ensureSchool(instellingsnummer, `Testschool ${instellingsnummer}`)).id;
}

/** A provider caller belongs to `options.providerId`, or to a fresh id of an organisation that does not exist. */
export async function callerWith(role: Role, schoolId?: string, options: { providerId?: string } = {}): Promise<TestCaller> {
  const providerId = role === "provider" ? (options.providerId ?? randomUUID()) : undefined;
  let personId: string;
  const isSchoolRole = role === "pupil" || role === "teacher" || role === "schoolAdmin";
  if (isSchoolRole) {
    const school = schoolId ?? (await schoolFor());
    schoolId = school;
    personId = (await createPerson({ schoolId: school }, { roles: [role], givenName: "Test", familyName: role })).id;
  } else {
    personId = randomUUID();
    await documentStore()
      .container("platform")
      .create({ id: personId, kind: "account", displayName: `Test ${role}`, roles: [role], ...(providerId ? { providerId } : {}), createdAt: new Date().toISOString() });
  }
  const session = await createSession({ personId, displayName: `Test ${role}`, roles: [role], ...(schoolId ? { schoolId } : {}), ...(providerId ? { providerId } : {}) });
  return {
    role,
    personId,
    ...(schoolId ? { schoolId } : {}),
    ...(providerId ? { providerId } : {}),
    headers: (method = "GET") => ({
      cookie: `leerspoor_session=${session.id}`,
      ...(["GET", "HEAD", "OPTIONS"].includes(method) ? {} : { "x-csrf-token": session.csrfToken, "content-type": "application/json" }),
    }),
  };
}
