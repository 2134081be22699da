import { z } from "zod";
import { providerAccess } from "../shared/identity/index.js";
import { applySnapshot, LicenceSnapshot, SnapshotReport } from "../shared/licences/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";
import { Instellingsnummer } from "../shared/schools/index.js";

const SchoolParams = z.object({ instellingsnummer: Instellingsnummer.describe("The school's instellingsnummer") });

export default defineHttp({
  name: "provider-licences-school-put",
  route: "provider/licences/schools/{instellingsnummer}",
  methods: ["PUT"],
  access: providerAccess(),
  openapi: {
    summary: "Replace your licences at one school with a full snapshot",
    description:
      "Every licence you hold for the school: those missing are revoked, the others applied. Idempotent: the same snapshot again changes nothing. Each licence counts as sent now, with its `version` when given: it wins over earlier events unless Leerspoor holds a higher version (reported as `superseded`).",
    tags: ["licences"],
    params: SchoolParams,
    body: LicenceSnapshot,
    responses: { 200: { description: "Exactly what changed", body: SnapshotReport } },
  },
  handler: async (request, { principal }) => {
    const { instellingsnummer } = readParams(request, SchoolParams);
    const snapshot = await readJsonBody(request, LicenceSnapshot);
    if (snapshot.instellingsnummer !== instellingsnummer) {
      throw new HttpProblem(400, "validation", "Invalid request", "Invalid body.instellingsnummer", [{ field: "body.instellingsnummer", message: "is the school of the path" }]);
    }
    return { headers: { "cache-control": "no-store" }, jsonBody: await applySnapshot(principal.providerId, snapshot) };
  },
});
