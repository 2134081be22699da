import { checkPlatformHealth } from "../shared/health/index.js";
import { defineHttp, publicAccess } from "../shared/runtime/index.js";

export default defineHttp({
  name: "health",
  route: "health",
  methods: ["GET"],
  access: publicAccess,
  handler: async () => {
    const report = await checkPlatformHealth();
    return {
      status: report.status === "pass" ? 200 : 503,
      headers: { "cache-control": "no-store" },
      jsonBody: report,
    };
  },
});
