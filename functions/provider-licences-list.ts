import { providerAccess } from "../shared/identity/index.js";
import { HeldLicencePage, HeldLicenceQuery, listHeldLicences } from "../shared/licences/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-licences-list",
  route: "provider/licences",
  methods: ["GET"],
  access: providerAccess(),
  openapi: {
    summary: "The licences Leerspoor holds for you, per school",
    description: "Active licences as Leerspoor last applied them (from an event or a snapshot), to compare with your own records.",
    tags: ["licences"],
    query: HeldLicenceQuery,
    responses: { 200: { description: "A page of licences, grouped by school", body: HeldLicencePage } },
  },
  handler: async (request, { principal }) => ({
    headers: { "cache-control": "no-store" },
    jsonBody: await listHeldLicences(principal.providerId, readQuery(request, HeldLicenceQuery)),
  }),
});
