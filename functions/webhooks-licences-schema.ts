import { licenceEventJsonSchema } from "../shared/licences/index.js";
import { defineHttp, publicAccess } from "../shared/runtime/index.js";

let schema: Record<string, unknown> | undefined;

/** The licence event's JSON Schema, for providers to validate their webhooks before they send them. */
export default defineHttp({
  name: "webhooks-licences-schema",
  route: "webhooks/licences/schema.json",
  methods: ["GET"],
  access: publicAccess,
  handler: async () => {
    schema ??= licenceEventJsonSchema();
    return { headers: { "content-type": "application/schema+json", "cache-control": "public, max-age=300" }, body: JSON.stringify(schema) };
  },
});
