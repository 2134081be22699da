import { signedIn } from "../shared/identity/index.js";
import { listOperatorLicences, OperatorLicenceQuery } from "../shared/licences/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";

/** Every provider's licences, newest change first, a page at a time; by provider, school and status. */
export default defineHttp({
  name: "operator-licences",
  route: "operator/licences",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async (request) => ({ headers: { "cache-control": "no-store" }, jsonBody: await listOperatorLicences(readQuery(request, OperatorLicenceQuery)) }),
});
