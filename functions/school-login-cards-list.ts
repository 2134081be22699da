import { z } from "zod";
import { listLoginCards, schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";

const CardsQuery = z.object({ groupId: z.string().min(1).max(100).optional() });

export default defineHttp({
  name: "school-login-cards-list",
  route: "school/login-cards",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => ({
    jsonBody: await listLoginCards(schoolScopeOf(principal), readQuery(request, CardsQuery)),
  }),
});
