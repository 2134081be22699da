import { reviewQueue } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "review-queue",
  route: "review/queue",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async () => ({ headers: { "cache-control": "no-store" }, jsonBody: { items: await reviewQueue() } }),
});
