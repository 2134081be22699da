import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import {
  Actor,
  LtiRegistration,
  mediaExists,
  newestVersionOf,
  readProvider,
  readProviderTool,
  registerTool,
  submitToolChange,
  ToolMetadata,
  toolUrlProblem,
  urlsOf,
  type LtiService,
  type ProviderTool,
} from "../catalogue/index.js";
import type { ProviderCaller } from "../identity/index.js";
import { HttpProblem, type FieldError } from "../runtime/index.js";
import { serviceScope } from "./access-tokens.js";
import { toolPlatformClaim } from "./id-token.js";
import { agsScopes } from "./line-items.js";
import { PersonClaims } from "./message-hint.js";
import { platformEndpoints } from "./platform.js";
import { DynamicToolMetadata, type RegistrationStart, type StartedRegistration } from "./registration-start.js";

/*
 * LTI Dynamic Registration 1.0. A provider starts it (startRegistration); the portal opens the
 * tool's registration page with our OpenID configuration and a registration token; the tool
 * posts its OpenID Connect client registration with that token (registerDynamically), which
 * becomes a new tool of the token's provider through the catalogue's registerTool: it waits
 * for the operators' review like any other, under the same URL and key rules.
 *
 * Registering a tool again: Dynamic Registration 1.0 leaves the registration token opaque to the
 * tool and defines no update of its own, so the provider chooses, when starting, the tool the
 * registration updates (as Moodle's "reg-update" registration tokens name the tool they update).
 * The tool's request (with the tool's presentation, which a client registration cannot say)
 * then becomes that tool's next version through the catalogue's
 * submitToolChange, waiting for review while the live version stays live, and the answer carries
 * the tool's client_id unchanged, so its deployments and launches go on as before.
 */

/** Long enough for a person to finish the tool's registration page; a token is single use anyway. */
export const registrationTokenLifetimeSeconds = 3600;
/** A client registration is a few URLs and names; its route reads no more than this. */
export const maxRegistrationBytes = 256 * 1024;

const toolConfigurationClaim = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const platformConfigurationClaim = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const supportedMessages = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;

/**
 * A registration token as stored in `provider-data` (partition: its provider). The id is the
 * SHA-256 of the token's secret: the secret itself is never stored.
 */
const RegistrationToken = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.literal("registration-token"),
  initiateRegistrationUrl: z.string(),
  /** Absent only for an update that keeps the tool's catalogue metadata. */
  metadata: DynamicToolMetadata.optional(),
  /** The tool that this registration updates, chosen by the provider at the start. */
  updates: z.string().optional(),
  startedBy: Actor,
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
  /** The tool that the registration made. */
  toolId: z.string().optional(),
});
type RegistrationToken = z.infer<typeof RegistrationToken>;

const providerData = () => documentStore().container("provider-data");
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
/** `<providerId>.<secret>`: the provider names the partition of the token's document. */
const tokenFormat = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/** The platform's OpenID configuration (Dynamic Registration §3.5.1, OpenID Connect Discovery 1.0). */
export function openIdConfigurationOf(issuer: string) {
  const endpoints = platformEndpoints(issuer);
  const platform = toolPlatformClaim(issuer);
  return {
    issuer,
    authorization_endpoint: endpoints.authorization,
    registration_endpoint: endpoints.registration,
    jwks_uri: endpoints.jwks,
    token_endpoint: endpoints.token,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", ...Object.values(serviceScope)],
    response_types_supported: ["id_token"],
    // Every tool gets its own pseudonym of a person (pseudonyms.ts): never one `sub` for all.
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["iss", "aud", "azp", "sub", "exp", "iat", "nonce", "locale", ...PersonClaims.keyof().options],
    [platformConfigurationClaim]: {
      product_family_code: platform.product_family_code,
      version: platform.version,
      messages_supported: supportedMessages.map((type) => ({ type })),
      // No LTI variable substitution ($User.id…) in custom parameters: they are sent as registered.
      variables: [],
    },
  };
}

/** Starts a registration for the caller's organisation: a single-use token and the URL that opens the tool's registration page. */
export async function startRegistration(issuer: string, caller: ProviderCaller, start: RegistrationStart, now = new Date()): Promise<StartedRegistration> {
  if (!(await readProvider(caller.providerId))) throw HttpProblem.notFound("Your provider organisation is not registered");
  const errors: FieldError[] = [];
  if (start.toolId !== undefined && !(await readProviderTool(caller.providerId, start.toolId))) errors.push({ field: "body.toolId", message: "is not one of your tools" });
  const urlProblem = toolUrlProblem(start.initiateRegistrationUrl, { allowLocalHttp: appSettings().LEERSPOOR_ENV === "local" });
  if (urlProblem) errors.push({ field: "body.initiateRegistrationUrl", message: urlProblem });
  const metadata = start.metadata;
  const media = metadata ? [...(metadata.logo ? [{ field: "logo", mediaId: metadata.logo }] : []), ...metadata.screenshots.map((mediaId, index) => ({ field: `screenshots.${index}`, mediaId }))] : [];
  for (const { field, mediaId } of media) {
    if (!(await mediaExists(caller.providerId, mediaId))) errors.push({ field: `body.metadata.${field}`, message: "no image with this id was uploaded" });
  }
  if (errors.length > 0) throw new HttpProblem(400, "validation", "Invalid request", `Invalid ${errors.map((e) => e.field).join(", ")}`, errors);

  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + registrationTokenLifetimeSeconds * 1000).toISOString();
  const token: RegistrationToken = {
    id: sha256(secret),
    providerId: caller.providerId,
    type: "registration-token",
    initiateRegistrationUrl: start.initiateRegistrationUrl,
    ...(metadata ? { metadata } : {}),
    ...(start.toolId !== undefined ? { updates: start.toolId } : {}),
    startedBy: { id: caller.actorId, name: caller.actorName, via: caller.via },
    createdAt: now.toISOString(),
    expiresAt,
  };
  await providerData().create(token);
  const openUrl = new URL(start.initiateRegistrationUrl);
  openUrl.searchParams.set("openid_configuration", platformEndpoints(issuer).openIdConfiguration);
  openUrl.searchParams.set("registration_token", `${caller.providerId}.${secret}`);
  return { openUrl: openUrl.toString(), expiresAt };
}

const LtiMessage = z.looseObject({
  type: z.string().min(1).max(100),
  target_link_uri: z.string().max(2048).optional(),
});

/** An OpenID Connect client registration with the LTI tool configuration (Dynamic Registration §3.3). */
export const ClientRegistration = z.looseObject({
  application_type: z.literal("web").default("web"),
  response_types: z.array(z.string()).refine((types) => types.includes("id_token"), 'must include "id_token"'),
  grant_types: z
    .array(z.string())
    .refine((grants) => grants.includes("implicit") && grants.includes("client_credentials"), 'must include "implicit" and "client_credentials"'),
  initiate_login_uri: z.string().max(2048),
  redirect_uris: z.array(z.string().max(2048)).min(1).max(10),
  client_name: z.string().trim().min(1).max(120).optional(),
  jwks_uri: z.string().max(2048),
  token_endpoint_auth_method: z.literal("private_key_jwt"),
  scope: z.string().max(2000).default(""),
  [toolConfigurationClaim]: z.looseObject({
    domain: z.string().trim().toLowerCase().min(1).max(253),
    secondary_domains: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(10).default([]),
    target_link_uri: z.string().max(2048),
    custom_parameters: z.record(z.string(), z.string()).default({}),
    description: z.string().trim().min(1).max(4000).optional(),
    messages: z.array(LtiMessage).max(20).default([]),
    claims: z.array(z.string().max(200)).max(100).default([]),
  }),
});
export type ClientRegistration = z.infer<typeof ClientRegistration>;

/** OAuth errors (RFC 7591 §3.2.2, RFC 6750 §3.1): what tool libraries read, so never problem+json. */
export type RegistrationErrorCode = "invalid_client_metadata" | "invalid_redirect_uri" | "invalid_token";
export type RegistrationOutcome =
  | { kind: "registered"; tool: ProviderTool; body: Record<string, unknown>; startedBy: string; update: boolean }
  | { kind: "refused"; status: 400 | 401; body: { error: RegistrationErrorCode; error_description: string } };

const refusedToken = (): RegistrationOutcome => ({
  kind: "refused",
  status: 401,
  body: { error: "invalid_token", error_description: "the registration token is missing, unknown, expired or already used" },
});

interface ClientFieldError {
  field: string;
  message: string;
}

function invalidMetadata(errors: ClientFieldError[]): RegistrationOutcome {
  const error = errors.some((e) => e.field.startsWith("redirect_uris")) ? "invalid_redirect_uri" : "invalid_client_metadata";
  return { kind: "refused", status: 400, body: { error, error_description: errors.map((e) => `${e.field}: ${e.message}`).join("; ") } };
}

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join(".");

/** Whether a URL is on the tool's domain or a subdomain of it (with the port when the domain names one). */
function onDomain(url: string, domains: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true; // not a URL at all: the registration's own URL check says so
  }
  return domains.some((domain) => {
    const host = domain.includes(":") ? parsed.host : parsed.hostname;
    return host === domain || host.endsWith(`.${domain}`);
  });
}

/**
 * The tool submission that a client registration asks for, with the start's metadata; or the
 * client fields that are wrong. Scopes that the platform does not offer are left out.
 */
function submissionOf(request: ClientRegistration, start: DynamicToolMetadata, kept: Partial<Pick<LtiRegistration, "presentation">> = {}): { errors: ClientFieldError[] } | { submission: { registration: LtiRegistration; metadata: ToolMetadata }; scopes: string[]; messages: z.infer<typeof LtiMessage>[] } {
  const configuration = request[toolConfigurationClaim];
  const configurationField = (name: string) => `${toolConfigurationClaim}.${name}`;
  const messages = configuration.messages.filter((message) => (supportedMessages as readonly string[]).includes(message.type));
  const deepLinkingIndex = configuration.messages.findIndex((message) => message.type === "LtiDeepLinkingRequest");
  const deepLinking = configuration.messages[deepLinkingIndex];
  const offered = new Set<string>(Object.values(serviceScope));
  const scopes = [...new Set(request.scope.split(/\s+/).filter((scope) => offered.has(scope)))];
  const services: LtiService[] = [
    ...(scopes.some((scope) => (agsScopes as string[]).includes(scope)) ? (["ags"] as const) : []),
    ...(scopes.includes(serviceScope.membershipReadonly) ? (["nrps"] as const) : []),
    ...(deepLinking ? (["deep-linking"] as const) : []),
  ];
  const deepLinkingField = deepLinking?.target_link_uri ? configurationField(`messages.${deepLinkingIndex}.target_link_uri`) : configurationField("target_link_uri");

  const errors: ClientFieldError[] = [];
  const domains = [configuration.domain, ...configuration.secondary_domains];
  const onTheToolsDomain = [
    { field: "initiate_login_uri", url: request.initiate_login_uri },
    ...request.redirect_uris.map((url, index) => ({ field: `redirect_uris.${index}`, url })),
    { field: configurationField("target_link_uri"), url: configuration.target_link_uri },
    ...configuration.messages.flatMap((message, index) => (message.target_link_uri ? [{ field: configurationField(`messages.${index}.target_link_uri`), url: message.target_link_uri }] : [])),
  ];
  for (const { field, url } of onTheToolsDomain) {
    if (!onDomain(url, domains)) errors.push({ field, message: `must be on the tool's domain (${configurationField("domain")})` });
  }

  const registrationFields: Record<string, string> = {
    loginInitiationUrl: "initiate_login_uri",
    redirectUris: "redirect_uris",
    targetLinkUri: configurationField("target_link_uri"),
    deepLinkingUrl: deepLinkingField,
    key: "jwks_uri",
    customParameters: configurationField("custom_parameters"),
  };
  const clientFieldOf = (path: readonly PropertyKey[]): string => {
    const [head, ...rest] = path.map(String);
    const field = registrationFields[head ?? ""] ?? "";
    return head === "key" || head === "deepLinkingUrl" || rest.length === 0 ? field : `${field}.${rest.join(".")}`;
  };
  const registration = LtiRegistration.safeParse({
    type: "lti",
    loginInitiationUrl: request.initiate_login_uri,
    redirectUris: request.redirect_uris,
    targetLinkUri: configuration.target_link_uri,
    ...(deepLinking ? { deepLinkingUrl: deepLinking.target_link_uri ?? configuration.target_link_uri } : {}),
    key: { kind: "jwks-url", url: request.jwks_uri },
    customParameters: configuration.custom_parameters,
    services,
    ...kept,
  });
  if (!registration.success) errors.push(...registration.error.issues.map((issue) => ({ field: clientFieldOf(issue.path), message: issue.message })));
  else {
    const allowLocalHttp = appSettings().LEERSPOOR_ENV === "local";
    for (const { path, url } of urlsOf(registration.data)) {
      const problem = toolUrlProblem(url, { allowLocalHttp });
      if (problem) errors.push({ field: clientFieldOf(path), message: problem });
    }
  }

  const title = start.title ?? (request.client_name ? { nl: request.client_name } : undefined);
  const description = start.description ?? (configuration.description ? { nl: configuration.description } : undefined);
  if (!title) errors.push({ field: "client_name", message: "is required: it is the tool's title in the catalogue" });
  if (!description) errors.push({ field: configurationField("description"), message: "is required: it is the tool's description in the catalogue" });
  const metadata = ToolMetadata.safeParse({ ...start, title, description });
  if (title && description && !metadata.success) {
    const metadataFields: Record<string, string> = { title: "client_name", description: configurationField("description") };
    errors.push(...metadata.error.issues.map((issue) => ({ field: metadataFields[String(issue.path[0])] ?? `metadata.${pathOf(issue.path)}`, message: issue.message })));
  }
  if (errors.length > 0 || !registration.success || !metadata.success) return { errors };
  return { submission: { registration: registration.data, metadata: metadata.data }, scopes, messages };
}

async function tokenBehind(authorization: string | null, now: Date): Promise<RegistrationToken | undefined> {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  const match = presented ? tokenFormat.exec(presented) : null;
  if (!match) return undefined;
  const [, providerId, secret] = match as unknown as [string, string, string];
  const stored = await providerData().read<RegistrationToken>(sha256(secret), providerId);
  if (stored?.type !== "registration-token" || stored.usedAt || Date.parse(stored.expiresAt) <= now.getTime()) return undefined;
  return RegistrationToken.parse(stored);
}

/**
 * A tool's registration request (`POST lti/registration`, `Authorization: Bearer <registration
 * token>`). The token is used up only by a registration that is accepted: a refused request
 * changes nothing, so the tool can correct it and send it again.
 */
export async function registerDynamically(authorization: string | null, bodyText: string, now = new Date()): Promise<RegistrationOutcome> {
  const token = await tokenBehind(authorization, now);
  if (!token) return refusedToken();
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return invalidMetadata([{ field: "body", message: "not valid JSON" }]);
  }
  const parsed = ClientRegistration.safeParse(json);
  if (!parsed.success) return invalidMetadata(parsed.error.issues.map((issue) => ({ field: pathOf(issue.path) || "body", message: issue.message })));
  const updated = token.updates === undefined ? undefined : await readProviderTool(token.providerId, token.updates);
  if (token.updates !== undefined && !updated) return refusedToken();
  const newest = updated && newestVersionOf(updated);
  // What a client registration cannot say (how the portal opens the tool) stays as the provider set it.
  const kept = newest?.registration.type === "lti" ? { presentation: newest.registration.presentation } : {};
  const outcome = submissionOf(parsed.data, token.metadata ?? newest!.metadata, kept);
  if ("errors" in outcome) return invalidMetadata(outcome.errors);

  const used = await providerData().modify<RegistrationToken>(token.id, token.providerId, (current) =>
    current.usedAt || Date.parse(current.expiresAt) <= now.getTime() ? undefined : { ...RegistrationToken.parse(current), usedAt: now.toISOString() },
  );
  if (!used) return refusedToken();
  const caller: ProviderCaller = { providerId: token.providerId, actorId: token.startedBy.id, actorName: token.startedBy.name, via: token.startedBy.via ?? "session" };
  const tool = token.updates === undefined ? await registerTool(caller, outcome.submission, now) : await submitToolChange(caller, token.updates, outcome.submission, undefined, now);
  if (!tool) return refusedToken();
  await providerData().modify<RegistrationToken>(token.id, token.providerId, (current) => ({ ...RegistrationToken.parse(current), toolId: tool.toolId }));

  const configuration = parsed.data[toolConfigurationClaim];
  return {
    kind: "registered",
    tool,
    startedBy: caller.actorId,
    update: token.updates !== undefined,
    body: {
      ...parsed.data,
      client_id: tool.toolId,
      scope: outcome.scopes.join(" "),
      // No deployment_id (optional in §3.6): a deployment is a school that switches the tool on
      // (deployments.ts), and none has yet. Launches carry it; ltijs, like most tool libraries,
      // accepts a deployment it first sees at launch and reads only client_id here.
      [toolConfigurationClaim]: { ...configuration, messages: outcome.messages },
    },
  };
}
