import { allRoles, signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";
import { readTenant } from "../shared/schools/index.js";

export default defineHttp({
  name: "me",
  route: "me",
  methods: ["GET"],
  access: signedIn(...allRoles),
  handler: async (_request, { principal }) => {
    const school = principal.schoolId ? await readTenant(principal.schoolId) : undefined;
    return {
      headers: { "cache-control": "no-store" },
      jsonBody: {
        personId: principal.personId,
        displayName: principal.displayName,
        roles: principal.roles,
        school: school ? { id: school.id, name: school.name, instellingsnummer: school.instellingsnummer } : null,
        providerId: principal.providerId ?? null,
        csrfToken: principal.csrfToken,
      },
    };
  },
});
