import { errors as joseErrors } from "jose";
import { z } from "zod";
import { AlreadyExists, documentStore } from "../adapters/index.js";
import { ToolUrl } from "../catalogue/registration.js";
import type { Logger } from "../runtime/index.js";
import { claim, ltiVersion } from "./claims.js";
import { deploymentIdOf } from "./deployments.js";
import type { KeyRing } from "./key-ring.js";
import type { LtiTool } from "./launch-context.js";
import { lineItemsUrlOf, type ServiceContext } from "./line-items.js";
import type { DeepLinkingSettings } from "./message-hint.js";
import type { LtiPlatform } from "./platform.js";
import { seal, SealRefused, unsealWithKeys } from "./sealed-token.js";
import { claimedSignerOf, verifyToolJwt } from "./tool-keys.js";

/*
 * Deep Linking 2.0: a teacher opens a tool to pick content for a class; the tool posts the
 * picked items back, signed with its key, to the return URL (form field `JWT`). The request
 * carries everything the return needs in `data`, sealed like the message hint (teacher, school,
 * tool, group, whether several items are accepted, a one-hour expiry), so the launch stays
 * free of writes and the return trusts nothing the tool says about who or where.
 */

const dataTyp = "lti-deep-linking-data";
/** A teacher may browse the tool's content for a while before choosing. */
const dataLifetimeSeconds = 3600;
/** A response is signed when the teacher submits it; older than this by `iat` is refused, even when its `exp` is later. */
const responseMaxAgeSeconds = 300;
const clockToleranceSeconds = 5;
const maxItems = 50;
/** A response is a list of links: far below this even at `maxItems`; the return route reads no more. */
export const maxDeepLinkResponseBytes = 1024 * 1024;
/** The only content item type that becomes an activity. */
export const acceptedItemTypes = ["ltiResourceLink"] as const;

/** What `data` binds the return to. */
export const DeepLinkingBinding = z.object({
  toolId: z.string(),
  schoolId: z.string(),
  personId: z.string(),
  groupId: z.string(),
  acceptMultiple: z.boolean(),
});
export type DeepLinkingBinding = z.infer<typeof DeepLinkingBinding>;

/** Where tools post their deep-linking responses. */
export function deepLinkReturnUrlOf(issuer: string): string {
  return `${issuer}/api/lti/deep-link/return`;
}

/** The resource link placement of an activity (Pseudonyms.resourceLinkIdOf). */
export function activityPlacementOf(activityId: string): string {
  return `activity:${activityId}`;
}

/** The `deep_linking_settings` claim of a request (Deep Linking 2.0 §4.4.1). */
export function deepLinkingSettingsOf(issuer: string, ring: KeyRing, now: Date, binding: DeepLinkingBinding): DeepLinkingSettings {
  return {
    deep_link_return_url: deepLinkReturnUrlOf(issuer),
    accept_types: [...acceptedItemTypes],
    accept_presentation_document_targets: ["window", "iframe"],
    accept_multiple: binding.acceptMultiple,
    accept_lineitem: true,
    auto_create: true,
    data: seal(dataTyp, binding, ring, now, dataLifetimeSeconds).token,
  };
}

const customName = /^[A-Za-z0-9_]{1,64}$/;

/** Deep Linking 2.0 §3.1 `ltiResourceLink`: what becomes an activity. Unknown properties (icon, thumbnail…) are ignored. */
export const LtiResourceLinkItem = z.object({
  type: z.literal("ltiResourceLink"),
  title: z.string().trim().max(500).optional(),
  text: z.string().max(4000).optional(),
  /** The launch's target_link_uri: https, as every URL a tool registers (http on localhost for the local stack only). */
  url: ToolUrl.optional(),
  custom: z
    .record(z.string().regex(customName, "letters, digits and _ only"), z.union([z.string().max(1024), z.number(), z.boolean()]).transform(String))
    .refine((custom) => Object.keys(custom).length <= 50, "at most 50 custom parameters")
    .optional(),
  lineItem: z
    .object({
      scoreMaximum: z.number().positive().max(1e9),
      label: z.string().trim().min(1).max(500).optional(),
      resourceId: z.string().max(200).optional(),
      tag: z.string().max(200).optional(),
    })
    .optional(),
  iframe: z.object({}).loose().optional(),
  window: z.object({}).loose().optional(),
});
export type LtiResourceLinkItem = z.infer<typeof LtiResourceLinkItem>;

export type DeepLinkRefusal =
  | "response-invalid"
  | "response-expired"
  | "response-replayed"
  | "data-invalid"
  | "not-signed-in"
  | "other-person"
  | "items-not-accepted"
  | "not-enabled"
  | "group-not-found";

/**
 * What a tool said in its signed response besides the items (Deep Linking 2.0 §4.5): `msg`
 * and `errormsg` for the teacher, `log` and `errorlog` for the platform's log. Each trimmed to 1000 characters.
 */
export interface ToolSaid {
  message?: string;
  errorMessage?: string;
  log?: string;
  errorLog?: string;
}

export type DeepLinkOutcome =
  | { kind: "accepted"; tool: LtiTool; binding: DeepLinkingBinding; deploymentId: string; items: LtiResourceLinkItem[]; said: ToolSaid }
  /** `said` when the tool's signature was good, whatever else was wrong. */
  | { kind: "refused"; reason: DeepLinkRefusal; detail: string; said?: ToolSaid }
  /** The cross-site form post came without the session cookie (SameSite=Lax): post it again from the portal's own origin. */
  | { kind: "resubmit" };

export interface DeepLinkReturn {
  jwt: string | undefined;
  /** The portal's session cookie was sent. */
  hasSession: boolean;
  /** This is the portal's own re-submission. */
  resubmitted: boolean;
  signedInPerson: () => Promise<{ personId: string; schoolId?: string | undefined } | undefined>;
}

const refused = (reason: DeepLinkRefusal, detail: string, said?: ToolSaid): DeepLinkOutcome => ({ kind: "refused", reason, detail, ...(said ? { said } : {}) });

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim().length > 0 ? value.slice(0, 1000) : undefined);

/** What a verified response says besides its items; blank values left out. */
export function toolSaidIn(payload: Record<string, unknown>): ToolSaid {
  const said: ToolSaid = {
    message: text(payload[claim.deepLinkingMessage]),
    // ltijs signs the error message under a key with a trailing space; read that spelling too.
    errorMessage: text(payload[claim.deepLinkingErrorMessage]) ?? text(payload[`${claim.deepLinkingErrorMessage} `]),
    log: text(payload[claim.deepLinkingLog]),
    errorLog: text(payload[claim.deepLinkingErrorLog]),
  };
  return Object.fromEntries(Object.entries(said).filter(([, value]) => value !== undefined));
}

/** The tool's `log` and `errorlog` go to the platform's log (with the request's correlation id), never to the teacher. */
export function logToolSaid(log: Logger, said: ToolSaid | undefined, fields: Record<string, string>): void {
  if (said?.log) log.info({ ...fields, toolLog: said.log }, "LTI deep-linking response: the tool's log");
  if (said?.errorLog) log.warn({ ...fields, toolErrorLog: said.errorLog }, "LTI deep-linking response: the tool's error log");
}

/** Checks a tool's LtiDeepLinkingResponse (Deep Linking 2.0 §4.5) and what it returns; changes nothing but the single-use marks. */
export async function acceptDeepLinkingResponse(platform: LtiPlatform, input: DeepLinkReturn): Promise<DeepLinkOutcome> {
  if (!input.hasSession && !input.resubmitted) return { kind: "resubmit" };
  if (!input.jwt) return refused("response-invalid", "the form has no JWT");
  const signer = await claimedSignerOf(platform.directory, input.jwt);
  if ("problem" in signer) {
    if (signer.problem === "not-a-jwt") return refused("response-invalid", "JWT is not a JWT");
    if (signer.problem === "no-iss") return refused("response-invalid", "JWT has no iss");
    return refused("response-invalid", `iss ${signer.clientId} is not a live LTI tool`);
  }
  const { tool } = signer;

  const now = platform.clock();
  let payload: Record<string, unknown>;
  try {
    payload = await verifyToolJwt(tool, input.jwt, {
      issuer: tool.clientId,
      audience: platform.issuer,
      maxTokenAge: responseMaxAgeSeconds,
      clockTolerance: clockToleranceSeconds,
      currentDate: now,
      requiredClaims: ["exp", "iat", "nonce"],
    });
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return refused("response-expired", "JWT has expired");
    if (error instanceof joseErrors.JOSEError) return refused("response-invalid", `JWT refused: ${error.code} ${error.message}`);
    throw error;
  }
  const said = toolSaidIn(payload);
  const refuse = (reason: DeepLinkRefusal, detail: string) => refused(reason, detail, said);
  if (payload[claim.messageType] !== "LtiDeepLinkingResponse") return refuse("response-invalid", "message_type must be LtiDeepLinkingResponse");
  if (payload[claim.version] !== ltiVersion) return refuse("response-invalid", `version must be ${ltiVersion}`);

  const binding = await openData(platform, payload[claim.deepLinkingData], now);
  if (typeof binding === "string") return refuse("data-invalid", `data is ${binding}`);
  if (binding.toolId !== tool.clientId) return refuse("data-invalid", "data was issued for another tool");
  const deploymentId = deploymentIdOf(tool.toolId, binding.schoolId);
  if (payload[claim.deploymentId] !== deploymentId) return refuse("response-invalid", "deployment_id is not the one of the request");

  const person = await input.signedInPerson();
  if (!person) return refuse("not-signed-in", "the teacher is not signed in");
  if (person.personId !== binding.personId || person.schoolId !== binding.schoolId) return refuse("other-person", "the signed-in person did not start this deep-linking request");

  const nowMs = now.getTime();
  // LTI 1.3 Core §5.1.3 applied to the tool's message: its nonce is used once, and remembered
  // until the response is refused anyway (by exp, or by age whatever exp the tool chose).
  const nonceUntil = (Math.min(Number(payload.exp), Number(payload.iat) + responseMaxAgeSeconds) + clockToleranceSeconds) * 1000;
  if (!platform.replay.firstUse(`deep-link-nonce\n${tool.clientId}\n${String(payload.nonce)}`, nonceUntil, nowMs)) {
    return refuse("response-replayed", "nonce was already used");
  }

  // An `errormsg` does not void the items: the tool may hand over part of what was picked and say
  // why not the rest; the teacher sees the count and the tool's error together.
  const rawItems = payload[claim.contentItems] ?? [];
  if (!Array.isArray(rawItems)) return refuse("response-invalid", "content_items must be an array");
  if (rawItems.length > maxItems) return refuse("items-not-accepted", `at most ${maxItems} items`);
  const types = rawItems.map((item: unknown) => (item && typeof item === "object" ? (item as { type?: unknown }).type : undefined));
  const unaccepted = types.find((type) => !(acceptedItemTypes as readonly unknown[]).includes(type));
  if (unaccepted !== undefined || types.length !== rawItems.length) return refuse("items-not-accepted", `content item type ${String(unaccepted)} is not accepted`);
  if (rawItems.length > 1 && !binding.acceptMultiple) return refuse("items-not-accepted", "only one content item was asked for");
  const items = z.array(LtiResourceLinkItem).safeParse(rawItems);
  if (!items.success) {
    const issue = items.error.issues[0]!;
    return refuse("response-invalid", `content_items.${issue.path.join(".")}: ${issue.message}`);
  }

  // One request, one answer: a tool cannot add activities again with the same data, on this
  // instance (the in-process mark) nor on another one (the stored mark: the return writes anyway).
  if (!platform.replay.firstUse(`deep-link-data\n${binding.jti}`, binding.exp * 1000, nowMs)) return refuse("response-replayed", "data was already used");
  if (!(await markDataUsed(binding.schoolId, binding.jti, now))) return refuse("response-replayed", "data was already used");
  const settings = await platform.directory.toolSettings(binding.schoolId, tool.toolId);
  if (!settings.enabled) return refuse("not-enabled", "the school has switched the tool off");
  if (!(await platform.directory.group(binding.schoolId, binding.groupId))) return refuse("group-not-found", "the class or group is no longer active");

  return {
    kind: "accepted",
    tool,
    binding: { toolId: binding.toolId, schoolId: binding.schoolId, personId: binding.personId, groupId: binding.groupId, acceptMultiple: binding.acceptMultiple },
    deploymentId,
    items: items.data,
    said,
  };
}

type OpenedData = DeepLinkingBinding & { jti: string; exp: number };

/** Stores that the request's data was answered; false when it already was (Cosmos refuses a second document with the id). */
async function markDataUsed(schoolId: string, jti: string, now: Date): Promise<boolean> {
  try {
    await documentStore().container("school-data").create({ id: `deep-link-data.${jti}`, schoolId, type: "deep-link-data-used", usedAt: now.toISOString() });
    return true;
  } catch (error) {
    if (error instanceof AlreadyExists) return false;
    throw error;
  }
}

async function openData(platform: LtiPlatform, data: unknown, now: Date): Promise<OpenedData | "missing" | "invalid" | "expired"> {
  if (typeof data !== "string" || data.length === 0) return "missing";
  try {
    return await unsealWithKeys(platform.keys, dataTyp, data, now, DeepLinkingBinding);
  } catch (error) {
    if (!(error instanceof SealRefused)) throw error;
    return error.problem === "expired" ? "expired" : "invalid";
  }
}

/** The AGS context of a group at a tool, as the platform itself writes line items into it (for deep-linked items). */
export function placementContextOf(platform: LtiPlatform, schoolId: string, toolId: string, groupId: string): ServiceContext {
  const deploymentId = deploymentIdOf(toolId, schoolId);
  const contextId = platform.pseudonyms.contextIdOf(groupId, toolId);
  return { grant: { toolId, scope: [] }, schoolId, deploymentId, contextId, groupId, lineItemsUrl: lineItemsUrlOf(platform.issuer, contextId, deploymentId) };
}
