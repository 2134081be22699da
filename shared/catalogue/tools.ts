import { createPublicKey, randomUUID } from "node:crypto";
import { documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import type { ProviderCaller } from "../identity/index.js";
import { HttpProblem, type FieldError } from "../runtime/index.js";
import { assertIfMatch, changedInBetween, etagHeader } from "./etags.js";
import { mediaExists } from "./media.js";
import { readProvider } from "./providers.js";
import { toolUrlProblem, urlsOf, type ToolKey } from "./registration.js";
import {
  newestVersionOf,
  statusOf,
  ToolDocument,
  type ProviderTool,
  type ProviderToolSummary,
  type ToolSubmission,
  type ToolVersion,
} from "./tool.js";
import { diffVersions } from "./version-diff.js";

const providerData = () => documentStore().container("provider-data");

export function providerToolOf(tool: Stored<ToolDocument>): ProviderTool {
  return {
    toolId: tool.id,
    providerId: tool.providerId,
    status: statusOf(tool),
    live: tool.live ?? null,
    pending: tool.pending ?? null,
    rejected: tool.rejected ?? null,
    lastDecision: tool.reviews.at(-1) ?? null,
    reviews: tool.reviews,
    createdAt: tool.createdAt,
    updatedAt: tool.updatedAt,
    etag: etagHeader(tool._etag),
  };
}

function summaryOf(tool: ToolDocument): ProviderToolSummary {
  const newest = newestVersionOf(tool);
  return {
    toolId: tool.id,
    title: newest.metadata.title.nl,
    toolType: newest.registration.type,
    status: statusOf(tool),
    liveVersion: tool.live?.version ?? null,
    pendingVersion: tool.pending?.version ?? null,
    updatedAt: tool.updatedAt,
  };
}

/** Why a public key cannot check RS256 signatures, or undefined. LTI tools use RSA keys of 2048 or 4096 bits. */
export function toolKeyProblem(key: ToolKey): string | undefined {
  if (key.kind === "jwks-url") return undefined;
  try {
    const parsed = key.kind === "pem" ? createPublicKey(key.pem) : createPublicKey({ key: key.jwk, format: "jwk" });
    if (parsed.asymmetricKeyType !== "rsa") return "must be an RSA key (RS256)";
    if ((parsed.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return "must have at least 2048 bits";
    return undefined;
  } catch {
    return "is not a valid public key";
  }
}

/**
 * What zod cannot see in a submission: http outside a local stack, a public key that does not
 * parse, and images that this provider never uploaded. Answered like zod's errors: 400 naming
 * each field.
 */
async function checkSubmission(providerId: string, submission: ToolSubmission): Promise<void> {
  const allowLocalHttp = appSettings().LEERSPOOR_ENV === "local";
  const errors: FieldError[] = [];
  const field = (...path: (string | number)[]) => ["body", ...path].join(".");
  for (const { path, url } of urlsOf(submission.registration)) {
    const problem = toolUrlProblem(url, { allowLocalHttp });
    if (problem) errors.push({ field: field("registration", ...path), message: problem });
  }
  if (submission.registration.type === "lti") {
    const problem = toolKeyProblem(submission.registration.key);
    if (problem) errors.push({ field: field("registration", "key", submission.registration.key.kind), message: problem });
  }
  const media = [
    ...(submission.metadata.logo ? [{ path: ["logo"], mediaId: submission.metadata.logo }] : []),
    ...submission.metadata.screenshots.map((mediaId, index) => ({ path: ["screenshots", index], mediaId })),
  ];
  for (const { path, mediaId } of media) {
    if (!(await mediaExists(providerId, mediaId))) errors.push({ field: field("metadata", ...path), message: "no image with this id was uploaded" });
  }
  if (errors.length > 0) {
    throw new HttpProblem(400, "validation", "Invalid request", `Invalid ${errors.map((e) => e.field).join(", ")}`, errors);
  }
}

const noProvider = (): HttpProblem => HttpProblem.notFound("Your provider organisation is not registered");

const versionOf = (caller: ProviderCaller, submission: ToolSubmission, version: number, now: Date): ToolVersion => ({
  version,
  registration: submission.registration,
  metadata: submission.metadata,
  submittedAt: now.toISOString(),
  submittedBy: { id: caller.actorId, name: caller.actorName, via: caller.via },
});

const sameContent = (version: ToolVersion | undefined, submission: ToolSubmission): boolean =>
  version !== undefined && diffVersions({ registration: version.registration, metadata: version.metadata }, submission).length === 0;

/** Registers a new tool; its first version waits for review and is not in the catalogue yet. */
export async function registerTool(caller: ProviderCaller, submission: ToolSubmission, now = new Date()): Promise<ProviderTool> {
  if (!(await readProvider(caller.providerId))) throw noProvider();
  await checkSubmission(caller.providerId, submission);
  const tool: ToolDocument = {
    id: randomUUID(),
    providerId: caller.providerId,
    type: "tool",
    pending: versionOf(caller, submission, 1, now),
    reviews: [],
    lastVersion: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return providerToolOf(await providerData().create(tool));
}

export async function readProviderTool(providerId: string, toolId: string): Promise<Stored<ToolDocument> | undefined> {
  const found = await providerData().read<ToolDocument>(toolId, providerId);
  return found?.type === "tool" ? found : undefined;
}

export async function listProviderTools(providerId: string): Promise<ProviderToolSummary[]> {
  const tools = await providerData().query<ToolDocument>({ query: "SELECT * FROM c WHERE c.type = 'tool'" }, { partitionKey: providerId });
  return tools.map(summaryOf).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/**
 * Submits a changed registration and metadata as the tool's next version, which waits for
 * review while the live version stays live. It replaces a version still waiting; the same
 * content as the version waiting (or, with none waiting, as the live one) changes nothing.
 * Undefined when this provider has no such tool.
 */
export async function submitToolChange(
  caller: ProviderCaller,
  toolId: string,
  submission: ToolSubmission,
  ifMatch: string | undefined,
  now = new Date(),
): Promise<ProviderTool | undefined> {
  let current = await readProviderTool(caller.providerId, toolId);
  if (!current) return undefined;
  assertIfMatch(ifMatch, current._etag);
  await checkSubmission(caller.providerId, submission);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) {
      current = await readProviderTool(caller.providerId, toolId);
      if (!current) return undefined;
    }
    const unchanged = current.pending ? sameContent(current.pending, submission) : statusOf(current) === "live" && sameContent(current.live, submission);
    if (unchanged) return providerToolOf(current);
    const { rejected: _rejected, ...rest } = ToolDocument.parse(current);
    const next: ToolDocument = {
      ...rest,
      pending: versionOf(caller, submission, current.lastVersion + 1, now),
      lastVersion: current.lastVersion + 1,
      updatedAt: now.toISOString(),
    };
    try {
      return providerToolOf(await providerData().replace(next, current._etag));
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (ifMatch !== undefined) throw changedInBetween();
    }
  }
  throw changedInBetween();
}
