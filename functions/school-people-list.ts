import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";
import { listPeople, Person, SchoolRole } from "../shared/schools/index.js";

const PeopleQuery = z.object({ role: SchoolRole.optional(), status: Person.shape.status.optional() });

export default defineHttp({
  name: "school-people-list",
  route: "school/people",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => ({
    jsonBody: { people: await listPeople(schoolScopeOf(principal), readQuery(request, PeopleQuery)) },
  }),
});
