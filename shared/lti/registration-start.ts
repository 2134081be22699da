import { z } from "zod";
import { ToolMetadata } from "../catalogue/metadata.js";
import { ToolUrl } from "../catalogue/registration.js";

/*
 * How a provider starts an LTI Dynamic Registration 1.0 of a new tool, or of a new version of one
 * of its tools. Browser-safe: zod only.
 * The tool tells its URLs, key and name itself; what the catalogue needs beyond that (subjects,
 * stages, languages, pricing…) the provider gives here, as for any other tool.
 */

/**
 * The catalogue metadata of a tool registered dynamically. Title and description may be left
 * out: the tool's `client_name` and its `description` then fill them in.
 */
export const DynamicToolMetadata = ToolMetadata.partial({ title: true, description: true }).meta({ id: "DynamicToolMetadata" });
export type DynamicToolMetadata = z.infer<typeof DynamicToolMetadata>;

export const RegistrationStart = z
  .object({
    /** The tool's "initiate registration URL" (Dynamic Registration §3.1), where the portal opens the registration. */
    initiateRegistrationUrl: ToolUrl,
    toolId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("One of your tools that this registration updates: it keeps its client_id and the registration becomes its next version, waiting for review. Leave out to register a new tool."),
    metadata: DynamicToolMetadata.optional().describe("Required for a new tool. For an update, leave out to keep the tool's catalogue metadata as it is."),
  })
  .strict()
  .refine((start) => start.metadata !== undefined || start.toolId !== undefined, { path: ["metadata"], message: "is required for a new tool" })
  .meta({ id: "RegistrationStart" });
export type RegistrationStart = z.infer<typeof RegistrationStart>;

export const StartedRegistration = z
  .object({
    openUrl: z.string().describe("Open this URL in a new window: the tool's registration page with `openid_configuration` and a single-use `registration_token`"),
    expiresAt: z.string().describe("Until when the tool can use the registration token"),
  })
  .meta({ id: "StartedRegistration" });
export type StartedRegistration = z.infer<typeof StartedRegistration>;
