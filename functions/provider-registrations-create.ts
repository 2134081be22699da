import { providerAccess } from "../shared/identity/index.js";
import { ltiPlatform, RegistrationStart, StartedRegistration, startRegistration } from "../shared/lti/index.js";
import { defineHttp, readJsonBody } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-registrations-create",
  route: "provider/registrations",
  methods: ["POST"],
  access: providerAccess(),
  openapi: {
    summary: "Start an LTI Dynamic Registration",
    description:
      "Registers a new LTI 1.3 tool with LTI Dynamic Registration 1.0. Give the tool's initiate registration URL and the catalogue metadata (title and description may be left out: the tool's `client_name` and description fill them in). Open `openUrl` in a browser window: the tool reads the platform's configuration and registers itself with the single-use registration token in it, valid for an hour. The tool then waits for review like any other (GET /provider/tools). To register one of your tools again (new URLs, key or services), give its `toolId`: the registration becomes that tool's next version, waiting for review while the live version stays live, and the tool gets its own client_id back; `metadata` may then be left out to keep the tool's catalogue metadata.",
    tags: ["tools"],
    body: RegistrationStart,
    responses: { 201: { description: "Where to open the tool's registration page", body: StartedRegistration } },
  },
  handler: async (request, { principal }) => {
    const started = await startRegistration(ltiPlatform().issuer, principal, await readJsonBody(request, RegistrationStart));
    return { status: 201, headers: { "cache-control": "no-store" }, jsonBody: started };
  },
});
