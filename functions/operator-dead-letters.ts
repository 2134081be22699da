import { signedIn } from "../shared/identity/index.js";
import { listDeadLetters } from "../shared/operations/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The dead letters of every queue, with their reason and the ids they are about, for an operator to replay. */
export default defineHttp({
  name: "operator-dead-letters",
  route: "operator/dead-letters",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async () => ({ headers: { "cache-control": "no-store" }, jsonBody: await listDeadLetters() }),
});
