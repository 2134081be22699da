import { homeTilesFor } from "../shared/catalogue/index.js";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The tools enabled for the caller's school, as tiles of the home page (big ones for pupils), and the classes to launch them in. */
export default defineHttp({
  name: "home-tiles",
  route: "home/tiles",
  methods: ["GET"],
  access: signedIn("pupil", "teacher", "schoolAdmin"),
  handler: async (_request, { principal }) => ({
    headers: { "cache-control": "no-store" },
    jsonBody: await homeTilesFor(schoolScopeOf(principal), principal),
  }),
});
