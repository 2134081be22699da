import { z } from "zod";
import { ToolMetadata } from "./metadata.js";
import { ToolRegistration } from "./registration.js";

/*
 * A tool and its versions. A provider submits a registration and its metadata together; each
 * submission is a new version that waits for an operator's review, while the version approved
 * last stays live in the catalogue. Browser-safe: zod only.
 */

export const ToolSubmission = z
  .object({ registration: ToolRegistration, metadata: ToolMetadata })
  .strict()
  .meta({ id: "ToolSubmission" });
export type ToolSubmission = z.infer<typeof ToolSubmission>;

export const Actor = z.object({
  id: z.string(),
  name: z.string(),
  via: z.enum(["session", "api-key"]).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const ToolVersion = z
  .object({
    version: z.number().int().min(1),
    registration: ToolRegistration,
    metadata: ToolMetadata,
    submittedAt: z.string(),
    submittedBy: Actor,
  })
  .meta({ id: "ToolVersion" });
export type ToolVersion = z.infer<typeof ToolVersion>;

export const ReviewDecision = z
  .object({
    version: z.number().int().min(1),
    outcome: z.enum(["approved", "rejected"]),
    /** Why a version was rejected, for the provider; optional on approval. */
    reason: z.string().optional(),
    decidedAt: z.string(),
    decidedBy: Actor,
  })
  .meta({ id: "ReviewDecision" });
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** A tool as stored in `provider-data` (partition: its provider). */
export const ToolDocument = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.literal("tool"),
  /** The approved version that schools see. */
  live: ToolVersion.optional(),
  /** The version waiting for review. */
  pending: ToolVersion.optional(),
  /** The version rejected last, until the provider submits a new one. */
  rejected: ToolVersion.optional(),
  /** Review decisions, oldest first (the last 50). */
  reviews: z.array(ReviewDecision),
  lastVersion: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ToolDocument = z.infer<typeof ToolDocument>;

/**
 * Where a tool stands: waiting for its first review, live, live with a change waiting, live
 * with its last change rejected, or rejected without ever going live.
 */
export const ToolStatus = z.enum(["pending-review", "live", "live-change-pending", "live-change-rejected", "rejected"]);
export type ToolStatus = z.infer<typeof ToolStatus>;

export function statusOf(tool: Pick<ToolDocument, "live" | "pending" | "rejected">): ToolStatus {
  if (tool.pending) return tool.live ? "live-change-pending" : "pending-review";
  if (tool.live) return tool.rejected && tool.rejected.version > tool.live.version ? "live-change-rejected" : "live";
  return "rejected";
}

/** A tool as its provider sees it. */
export const ProviderTool = z
  .object({
    toolId: z.string(),
    providerId: z.string(),
    status: ToolStatus,
    live: ToolVersion.nullable(),
    pending: ToolVersion.nullable(),
    rejected: ToolVersion.nullable(),
    /** The last decision, with the reason of a rejection. */
    lastDecision: ReviewDecision.nullable(),
    reviews: z.array(ReviewDecision),
    createdAt: z.string(),
    updatedAt: z.string(),
    etag: z.string().describe("Send it back in If-Match when you change the tool"),
  })
  .meta({ id: "ProviderTool" });
export type ProviderTool = z.infer<typeof ProviderTool>;

export const ProviderToolSummary = z
  .object({
    toolId: z.string(),
    title: z.string().describe("The Dutch title of the newest version"),
    toolType: z.enum(["lti", "link"]),
    status: ToolStatus,
    liveVersion: z.number().int().nullable(),
    pendingVersion: z.number().int().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: "ProviderToolSummary" });
export type ProviderToolSummary = z.infer<typeof ProviderToolSummary>;

/** The newest version of a tool: pending, else rejected, else live. */
export const newestVersionOf = (tool: Pick<ToolDocument, "live" | "pending" | "rejected">): ToolVersion =>
  [tool.pending, tool.rejected, tool.live].filter((v): v is ToolVersion => v !== undefined).sort((a, b) => b.version - a.version)[0]!;

export const ProviderToolList = z.object({ tools: z.array(ProviderToolSummary) }).meta({ id: "ProviderToolList" });
