import { signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody } from "../shared/runtime/index.js";
import { createTenant, NewTenant, TenantExists } from "../shared/schools/index.js";

export default defineHttp({
  name: "tenants-create",
  route: "tenants",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request) => {
    try {
      return { status: 201, jsonBody: await createTenant(await readJsonBody(request, NewTenant)) };
    } catch (error) {
      if (error instanceof TenantExists) throw new HttpProblem(409, "tenant-exists", "Tenant exists", `${error.tenantId} already exists`);
      throw error;
    }
  },
});
