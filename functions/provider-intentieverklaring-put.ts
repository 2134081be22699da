import { ProviderView, recordIntentieverklaring, SignedIntentieverklaring } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody } from "../shared/runtime/index.js";

/** A person records the signature, not a machine: API keys are refused. */
export default defineHttp({
  name: "provider-intentieverklaring-put",
  route: "provider/intentieverklaring",
  methods: ["PUT"],
  access: providerAccess({ apiKeys: false }),
  openapi: {
    summary: "Record that the organisation signed the intentieverklaring",
    description: "The Flemish privacy statement of intent of suppliers of digital learning resources. Records who signed, on which day, which version, and who recorded it; the reviewers see it. Provider users only, not API keys.",
    tags: ["organisation"],
    body: SignedIntentieverklaring,
    headers: [{ name: "If-Match", description: "The organisation's ETag, to refuse the change when it changed in between" }],
    responses: { 200: { description: "The organisation with the recorded statement", body: ProviderView, headers: { ETag: "The organisation's new version" } } },
    problems: [412],
  },
  handler: async (request, { principal }) => {
    const signed = await readJsonBody(request, SignedIntentieverklaring);
    const view = await recordIntentieverklaring(principal, signed, request.headers.get("if-match") ?? undefined);
    if (!view) throw HttpProblem.notFound("Your provider organisation is not registered");
    return { headers: { etag: view.etag }, jsonBody: view };
  },
});
