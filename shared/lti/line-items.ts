import { randomUUID } from "node:crypto";
import { z } from "zod";
import { PageLimit } from "./page-limit.js";
import { AlreadyExists, documentStore, PreconditionFailed } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { listGroups, listMemberships } from "../schools/index.js";
import { grantOf, serviceScope, type ServiceGrant } from "./access-tokens.js";
import { schoolIdOfDeployment } from "./deployments.js";
import { ExpiringCache } from "./expiring-cache.js";
import type { LtiPlatform } from "./platform.js";

/*
 * Assignment and Grade Services 2.0: line items per (tool, deployment = school, context =
 * class or group) and the scores tools post on them, in `school-data` (partition: the school).
 *
 * The context id a tool sees is a one-way pseudonym (pseudonyms.ts), so the service URLs carry
 * the deployment id as `?deployment_id=` (the school, which the tool knows from the launch) and
 * the context is found among that school's groups by recomputing pseudonyms (cached). A tool
 * naming another tool's context finds nothing: its pseudonyms differ (404).
 */

export const agsMediaType = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  resultContainer: "application/vnd.ims.lis.v2.resultcontainer+json",
} as const;

/** The scopes a launch's AGS claim offers (the tool asks the token endpoint for them). */
export const agsScopes = [serviceScope.lineItem, serviceScope.lineItemReadonly, serviceScope.resultReadonly, serviceScope.score];

/** The line items URL of a context, as the launch's AGS claim names it. */
export function lineItemsUrlOf(issuer: string, contextId: string, deploymentId: string): string {
  return `${issuer}/api/lti/contexts/${encodeURIComponent(contextId)}/lineitems?deployment_id=${encodeURIComponent(deploymentId)}`;
}

export const LineItemInput = z.object({
  label: z.string().trim().min(1).max(500),
  scoreMaximum: z.number().positive().max(1e9),
  resourceLinkId: z.string().max(200).optional(),
  resourceId: z.string().max(200).optional(),
  tag: z.string().max(200).optional(),
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
});
export type LineItemInput = z.infer<typeof LineItemInput>;

export const StoredLineItem = LineItemInput.extend({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("lti-lineitem"),
  toolId: z.string(),
  contextId: z.string(),
  groupId: z.string(),
  createdAt: z.string(),
  /** The activity the platform made it for when a deep-linked item asked for one; absent for a tool's own line items. */
  activityId: z.string().optional(),
});
export type StoredLineItem = z.infer<typeof StoredLineItem>;

/**
 * An ISO 8601 date-time with its offset, also in the basic form without a colon (`+0100`):
 * PHP's DateTime::ISO8601 writes that, and PHP LTI libraries document it for score timestamps.
 */
const ScoreTimestamp = z
  .string()
  .max(64)
  .transform((value) => value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))
  .pipe(z.iso.datetime({ offset: true }));

const ScoreFields = z.object({
  userId: z.string().min(1).max(200),
  /** May exceed scoreMaximum: extra credit (AGS 2.0 §3.4.7). */
  scoreGiven: z.number().min(0).optional(),
  scoreMaximum: z.number().positive().optional(),
  activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
  gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
  timestamp: ScoreTimestamp,
  comment: z.string().max(4000).optional(),
});

/** AGS 2.0 §3.4.7: scoreMaximum is the denominator of scoreGiven and must come with it; without it the score's scale is unknown. */
export const ScoreInput = ScoreFields.refine((score) => score.scoreGiven === undefined || score.scoreMaximum !== undefined, {
  path: ["scoreMaximum"],
  message: "is required when scoreGiven is present",
});
export type ScoreInput = z.infer<typeof ScoreInput>;

export const StoredScore = ScoreFields.extend({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("lti-score"),
  toolId: z.string(),
  lineItemId: z.string(),
  groupId: z.string(),
  personId: z.string(),
});
export type StoredScore = z.infer<typeof StoredScore>;

const container = () => documentStore().container("school-data");
const scoreIdOf = (lineItemId: string, personId: string) => `lti-score:${lineItemId}:${personId}`;

/** A context as an AGS call names it, resolved: whose, where, and the URLs it is answered under. */
export interface ServiceContext {
  grant: ServiceGrant;
  schoolId: string;
  deploymentId: string;
  contextId: string;
  groupId: string;
  lineItemsUrl: string;
}

const contexts = new ExpiringCache<string | undefined>((groupId) => (groupId ? 60_000 : 10_000), 50_000);

/** Checks the bearer token (tool and one of `scopes`) and that the context is the tool's in that deployment; 401, 403 or 404 otherwise. */
export async function serviceContextOf(
  platform: LtiPlatform,
  authorization: string | null,
  contextId: string,
  deploymentId: string | undefined,
  scopes: readonly string[],
): Promise<ServiceContext> {
  const grant = await grantOf(platform, authorization);
  // RFC 6750 §3: a refused bearer token is answered with WWW-Authenticate.
  if (!grant) {
    throw new HttpProblem(401, "invalid-token", "Invalid access token", "Send an access token of the token endpoint as Authorization: Bearer", undefined, {
      "www-authenticate": authorization ? 'Bearer error="invalid_token"' : "Bearer",
    });
  }
  if (!scopes.some((scope) => grant.scope.includes(scope))) {
    throw new HttpProblem(403, "insufficient-scope", "Insufficient scope", `This call needs one of: ${scopes.join(" ")}`, undefined, {
      "www-authenticate": `Bearer error="insufficient_scope", scope="${scopes.join(" ")}"`,
    });
  }
  const notFound = HttpProblem.notFound("No such context for this tool");
  if (!deploymentId) throw notFound;
  const schoolId = schoolIdOfDeployment(deploymentId);
  const settings = await platform.directory.toolSettings(schoolId, grant.toolId).catch(() => undefined);
  if (!settings?.enabled) throw notFound;
  const groupId = await contexts.get(`${schoolId}\n${grant.toolId}\n${contextId}`, async () => {
    const groups = await listGroups({ schoolId });
    return groups.find((group) => platform.pseudonyms.contextIdOf(group.id, grant.toolId) === contextId)?.id;
  });
  if (!groupId) throw notFound;
  return { grant, schoolId, deploymentId, contextId, groupId, lineItemsUrl: lineItemsUrlOf(platform.issuer, contextId, deploymentId) };
}

/** A line item URL: the line items URL with the id before its query string (AGS 2.0 §3.2). */
export function lineItemUrlAt(lineItemsUrl: string, lineItemId: string): string {
  const [path, query] = lineItemsUrl.split("?") as [string, string];
  return `${path}/${encodeURIComponent(lineItemId)}?${query}`;
}

export function lineItemUrlOf(context: ServiceContext, lineItemId: string): string {
  return lineItemUrlAt(context.lineItemsUrl, lineItemId);
}

/** The line item as AGS shows it. */
export function lineItemView(context: ServiceContext, item: StoredLineItem) {
  return {
    id: lineItemUrlOf(context, item.id),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    ...(item.resourceLinkId ? { resourceLinkId: item.resourceLinkId } : {}),
    ...(item.resourceId ? { resourceId: item.resourceId } : {}),
    ...(item.tag ? { tag: item.tag } : {}),
    ...(item.startDateTime ? { startDateTime: item.startDateTime } : {}),
    ...(item.endDateTime ? { endDateTime: item.endDateTime } : {}),
  };
}

/** A line item of the tool (AGS POST), or with `activityId` the one the platform makes for a deep-linked activity. */
export async function createLineItem(context: ServiceContext, input: LineItemInput, now: Date, activityId?: string): Promise<StoredLineItem> {
  const item: StoredLineItem = {
    ...input,
    ...(activityId ? { activityId } : {}),
    id: randomUUID(),
    schoolId: context.schoolId,
    type: "lti-lineitem",
    toolId: context.grant.toolId,
    contextId: context.contextId,
    groupId: context.groupId,
    createdAt: now.toISOString(),
  };
  await container().create(item);
  return item;
}

export async function readLineItem(context: ServiceContext, lineItemId: string): Promise<StoredLineItem> {
  const item = await container().read<StoredLineItem>(lineItemId, context.schoolId);
  if (!item || item.type !== "lti-lineitem" || item.toolId !== context.grant.toolId || item.contextId !== context.contextId) {
    throw HttpProblem.notFound("No such line item in this context");
  }
  return StoredLineItem.parse(item);
}

export async function updateLineItem(context: ServiceContext, lineItemId: string, input: LineItemInput): Promise<StoredLineItem> {
  const current = await readLineItem(context, lineItemId);
  // AGS 2.0 §3.2.7: the resource link a line item is bound to does not change.
  const item: StoredLineItem = { ...current, ...input, resourceLinkId: current.resourceLinkId };
  if (!item.resourceLinkId) delete item.resourceLinkId;
  await container().upsert(item);
  return item;
}

/**
 * Deletes a line item the tool created, with its scores. The line item of a deep-linked activity
 * is the platform's: its launches name it in the AGS claim and the class's scores are kept on it,
 * so it is refused with 403, as Moodle and Canvas refuse deleting the line item they made for a
 * resource link (AGS 2.0 leaves deletion to the platform). Refusing here keeps the launch free of
 * a check that its line item still exists.
 */
export async function deleteLineItem(context: ServiceContext, lineItemId: string): Promise<void> {
  const item = await readLineItem(context, lineItemId);
  if (item.activityId) {
    throw new HttpProblem(403, "platform-line-item", "Line item belongs to the platform", "This line item was created by the platform for a deep-linked activity; tools may change it and post scores on it, not delete it");
  }
  const scores = await container().query<{ id: string }>(
    { query: "SELECT c.id FROM c WHERE c.type = 'lti-score' AND c.lineItemId = @lineItemId", parameters: [{ name: "@lineItemId", value: lineItemId }] },
    { partitionKey: context.schoolId },
  );
  for (const score of scores) await container().delete(score.id, context.schoolId);
  await container().delete(lineItemId, context.schoolId);
}

export const LineItemFilter = z.object({
  resource_link_id: z.string().max(200).optional(),
  resource_id: z.string().max(200).optional(),
  tag: z.string().max(200).optional(),
  limit: PageLimit.optional(),
  page: z.coerce.number().int().min(0).max(100_000).optional(),
  deployment_id: z.string().max(200).optional(),
});
export type LineItemFilter = z.infer<typeof LineItemFilter>;

/** One page of the context's line items, and the URL of the next page while more remain. */
export async function listLineItems(context: ServiceContext, filter: LineItemFilter): Promise<{ items: StoredLineItem[]; next?: string }> {
  const conditions = ["c.type = 'lti-lineitem'", "c.toolId = @toolId", "c.contextId = @contextId"];
  const parameters = [
    { name: "@toolId", value: context.grant.toolId },
    { name: "@contextId", value: context.contextId },
  ];
  for (const [field, value] of [["resourceLinkId", filter.resource_link_id], ["resourceId", filter.resource_id], ["tag", filter.tag]] as const) {
    if (value === undefined) continue;
    conditions.push(`c.${field} = @${field}`);
    parameters.push({ name: `@${field}`, value });
  }
  const all = await container().query<StoredLineItem>({ query: `SELECT * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.createdAt`, parameters }, { partitionKey: context.schoolId });
  const limit = filter.limit ?? all.length;
  const page = filter.page ?? 0;
  const items = limit === 0 ? [] : all.slice(page * limit, (page + 1) * limit);
  if ((page + 1) * limit >= all.length) return { items };
  const next = new URL(context.lineItemsUrl);
  for (const [name, value] of Object.entries({ resource_link_id: filter.resource_link_id, resource_id: filter.resource_id, tag: filter.tag })) if (value !== undefined) next.searchParams.set(name, value);
  next.searchParams.set("limit", String(limit));
  next.searchParams.set("page", String(page + 1));
  return { items, next: next.toString() };
}

/** The person behind a `userId` (the tool's `sub`): a member of the context's group. */
async function personOfUser(context: ServiceContext, platform: LtiPlatform, userId: string): Promise<string | undefined> {
  const members = await listMemberships({ schoolId: context.schoolId }, { groupId: context.groupId });
  return members.find((member) => platform.pseudonyms.subjectOf(member.personId, context.grant.toolId) === userId)?.personId;
}

const scoreWriteAttempts = 5;

/**
 * Records a score; one older than the stored one (by `timestamp`) is ignored (AGS 2.0 §3.4.5).
 * Compared and written under the stored score's ETag (or created once), so that scores a tool
 * posts at the same moment cannot overwrite a newer one with an older one.
 */
export async function postScore(platform: LtiPlatform, context: ServiceContext, lineItemId: string, input: ScoreInput): Promise<"stored" | "ignored"> {
  await readLineItem(context, lineItemId);
  const personId = await personOfUser(context, platform, input.userId);
  if (!personId) throw new HttpProblem(422, "unknown-user", "Unknown user", "userId is not a member of this context");
  const id = scoreIdOf(lineItemId, personId);
  const score: StoredScore = { ...input, id, schoolId: context.schoolId, type: "lti-score", toolId: context.grant.toolId, lineItemId, groupId: context.groupId, personId };
  for (let attempt = 0; attempt < scoreWriteAttempts; attempt++) {
    let newer = false;
    let written: StoredScore | undefined;
    try {
      written = await container().modify<StoredScore>(id, context.schoolId, (stored) => {
        newer = Date.parse(stored.timestamp) > Date.parse(input.timestamp);
        return newer ? undefined : score;
      });
    } catch (error) {
      // Changed by other posts at every try: compare again.
      if (error instanceof PreconditionFailed) continue;
      throw error;
    }
    if (written) return "stored";
    if (newer) return "ignored";
    try {
      await container().create(score);
      return "stored";
    } catch (error) {
      // Another post created it first: compare with that one.
      if (!(error instanceof AlreadyExists)) throw error;
    }
  }
  throw new HttpProblem(409, "score-conflict", "Score changed concurrently", "The score changed too often at once; send it again");
}

export const ResultFilter = z.object({
  user_id: z.string().max(200).optional(),
  limit: PageLimit.optional(),
  page: z.coerce.number().int().min(0).max(100_000).optional(),
  deployment_id: z.string().max(200).optional(),
});

/**
 * One page of the line item's results (AGS 2.0 §3.3): the latest score of each user, scaled to
 * the line item's maximum, ordered by user, and the URL of the next page while more remain.
 */
export async function listResults(context: ServiceContext, lineItemId: string, filter: z.infer<typeof ResultFilter>) {
  const item = await readLineItem(context, lineItemId);
  const scores = (await scoresOf(context.schoolId, [lineItemId]))
    .filter((score) => filter.user_id === undefined || score.userId === filter.user_id)
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const lineItemUrl = lineItemUrlOf(context, lineItemId);
  const [path, query] = lineItemUrl.split("?") as [string, string];
  const limit = filter.limit ?? scores.length;
  const page = filter.page ?? 0;
  let next: string | undefined;
  if ((page + 1) * limit < scores.length) {
    const url = new URL(`${path}/results?${query}`);
    if (filter.user_id !== undefined) url.searchParams.set("user_id", filter.user_id);
    url.searchParams.set("limit", String(limit));
    url.searchParams.set("page", String(page + 1));
    next = url.toString();
  }
  const results = scores
    .slice(page * limit, (page + 1) * limit)
    .map((score) => ({
      id: `${path}/results/${encodeURIComponent(score.userId)}?${query}`,
      scoreOf: lineItemUrl,
      userId: score.userId,
      ...(score.scoreGiven !== undefined
        ? { resultScore: score.scoreMaximum ? (score.scoreGiven / score.scoreMaximum) * item.scoreMaximum : score.scoreGiven, resultMaximum: item.scoreMaximum }
        : {}),
      ...(score.comment ? { comment: score.comment } : {}),
    }));
  return { results, ...(next ? { next } : {}) };
}

export async function scoresOf(schoolId: string, lineItemIds: readonly string[]): Promise<StoredScore[]> {
  if (lineItemIds.length === 0) return [];
  return container().query<StoredScore>(
    {
      query: `SELECT * FROM c WHERE c.type = 'lti-score' AND c.lineItemId IN (${lineItemIds.map((_, i) => `@id${i}`).join(", ")}) ORDER BY c.timestamp`,
      parameters: lineItemIds.map((id, i) => ({ name: `@id${i}`, value: id })),
    },
    { partitionKey: schoolId },
  );
}

/** What a teacher sees of a group: per line item (of any tool), the pupils' latest scores. */
export async function groupScores(schoolId: string, groupId: string) {
  const items = await container().query<StoredLineItem>(
    { query: "SELECT * FROM c WHERE c.type = 'lti-lineitem' AND c.groupId = @groupId ORDER BY c.createdAt", parameters: [{ name: "@groupId", value: groupId }] },
    { partitionKey: schoolId },
  );
  const scores = await scoresOf(schoolId, items.map((item) => item.id));
  return items.map((item) => ({ item, scores: scores.filter((score) => score.lineItemId === item.id) }));
}
