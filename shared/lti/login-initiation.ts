import type { DataSharingSwitches } from "../catalogue/index.js";
import { contextType, lisRolesOf, type Locale } from "./claims.js";
import { activityPlacementOf, deepLinkingSettingsOf } from "./deep-linking.js";
import { deploymentIdOf } from "./deployments.js";
import type { KeyRing } from "./key-ring.js";
import { checkLicence } from "./licence-check.js";
import type { GroupView, LaunchDirectory, LtiTool } from "./launch-context.js";
import { sealHint, sessionBindingOf, type LaunchContextClaim, type LaunchHint, type PersonClaims } from "./message-hint.js";
import { sharedPersonClaims, sharesAnything } from "./person-claims.js";
import { pictureUrlOf } from "./pictures.js";
import type { LtiPlatform } from "./platform.js";

/*
 * Step 1 of a launch (LTI 1.3 Core §5.1.1, OIDC third-party initiated login): the signed-in
 * person opens a tool; the platform checks that the school enabled it, settles the context
 * and everything the id_token will say, seals that into the `lti_message_hint`, and sends the
 * browser to the tool's login initiation URL.
 */

export interface LaunchRequest {
  principal: { personId: string; sessionId: string; roles: readonly string[]; schoolId?: string | undefined };
  toolId: string;
  /** The class or group the launch is for (LTI context); default the person's first class. */
  groupId?: string | undefined;
  locale: Locale;
  /** Where the portal shows the tool: a framed launch only counts for a tool registered for framing. */
  target?: DocumentTarget | undefined;
  /** What the launch is for: the tool's home tile (default), an activity placed by deep linking, or a deep-linking request. */
  purpose?: { kind: "activity"; activity: ActivityPlacement } | { kind: "deep-linking"; acceptMultiple: boolean } | undefined;
}

/** An activity as its launch needs it (shared/paths keeps the activities). */
export interface ActivityPlacement {
  activityId: string;
  title: string;
  text?: string | undefined;
  targetLinkUri: string;
  custom: Record<string, string>;
  lineItemId?: string | undefined;
}

export type DocumentTarget = "window" | "iframe";

/**
 * LTI Client Side postMessage Storage: a framed tool posts `lti.put_data` / `lti.get_data` to
 * the window that frames it, the portal's tool page (tools without third-party cookies keep
 * their login state there).
 */
export const storageTargetOfFrame = "_parent";

export type LaunchRefusal = "no-school" | "unknown-tool" | "not-enabled" | "group-not-found" | "not-in-group" | "no-licence" | "seats-exhausted" | "no-deep-linking" | "unknown-activity";

/** What a licence refusal page names: whom the school buys the licence from, and how many seats it has. */
export interface LaunchRefusalDetails {
  providerName?: string;
  seats?: number;
}

/** A launch the platform will not start; the launch page explains it in the person's language. */
export class LaunchRefused extends Error {
  constructor(
    readonly reason: LaunchRefusal,
    readonly details: LaunchRefusalDetails = {},
  ) {
    super(`LTI launch refused: ${reason}`);
    this.name = "LaunchRefused";
  }
}

/** Where the browser goes next: the tool's login initiation URL with the OIDC login parameters. */
export interface LoginInitiation {
  url: string;
  params: Record<string, string>;
  toolId: string;
  jti: string;
}

export async function startLaunch(platform: LtiPlatform, request: LaunchRequest): Promise<LoginInitiation> {
  const { principal, toolId, locale } = request;
  const { directory, pseudonyms } = platform;
  const schoolId = principal.schoolId;
  if (!schoolId) throw new LaunchRefused("no-school");
  const [tool, settings] = await Promise.all([directory.ltiTool(toolId), directory.toolSettings(schoolId, toolId)]);
  if (!tool) throw new LaunchRefused("unknown-tool");
  if (!settings.enabled) throw new LaunchRefused("not-enabled");
  await checkLicence(platform, tool, schoolId, principal);

  const purpose = request.purpose;
  if (purpose?.kind === "deep-linking" && (!tool.registration.services.includes("deep-linking") || !tool.registration.deepLinkingUrl)) {
    throw new LaunchRefused("no-deep-linking");
  }

  const group = await contextGroupOf(directory, schoolId, principal, request.groupId);
  if (purpose && !group) throw new LaunchRefused("group-not-found");
  const ring = await platform.keys.ring();
  const isPupil = principal.roles.includes("pupil");
  const framed = request.target === "iframe" && tool.registration.presentation === "iframe";
  const sharing = isPupil ? settings.dataSharing.pupils : settings.dataSharing.staff;
  const deploymentId = deploymentIdOf(toolId, schoolId);
  const sub = pseudonyms.subjectOf(principal.personId, toolId);
  const context: LaunchContextClaim | undefined = group && {
    id: pseudonyms.contextIdOf(group.groupId, toolId),
    label: group.name,
    title: group.schoolYear ? `${group.name} (${group.schoolYear})` : group.name,
    type: [group.groupType === "class" ? contextType.courseSection : contextType.group],
  };
  const hint: Omit<LaunchHint, "jti"> = {
    toolId,
    deploymentId,
    schoolId,
    personId: principal.personId,
    session: sessionBindingOf(principal.sessionId),
    sub,
    roles: lisRolesOf(principal.roles, group?.role),
    ...(context ? { context } : {}),
    message:
      purpose?.kind === "deep-linking"
        ? {
            type: "LtiDeepLinkingRequest",
            targetLinkUri: tool.registration.deepLinkingUrl!,
            settings: deepLinkingSettingsOf(platform.issuer, ring, platform.clock(), {
              toolId,
              schoolId,
              personId: principal.personId,
              groupId: group!.groupId,
              acceptMultiple: purpose.acceptMultiple,
            }),
          }
        : purpose?.kind === "activity"
          ? {
              type: "LtiResourceLinkRequest",
              resourceLink: {
                id: pseudonyms.resourceLinkIdOf(toolId, deploymentId, activityPlacementOf(purpose.activity.activityId)),
                title: purpose.activity.title,
                ...(purpose.activity.text ? { description: purpose.activity.text } : {}),
              },
              targetLinkUri: purpose.activity.targetLinkUri,
              ...(Object.keys(purpose.activity.custom).length > 0 ? { custom: purpose.activity.custom } : {}),
              ...(purpose.activity.lineItemId ? { lineItemId: purpose.activity.lineItemId } : {}),
            }
          : {
              type: "LtiResourceLinkRequest",
              resourceLink: { id: pseudonyms.resourceLinkIdOf(toolId, deploymentId, group ? `tile:${group.groupId}` : "tile"), title: titleOf(tool, locale) },
              targetLinkUri: tool.registration.targetLinkUri,
            },
    locale,
    documentTarget: framed ? "iframe" : "window",
    ...(framed ? { storageTarget: storageTargetOfFrame } : {}),
    person: await personClaimsOf(platform, ring, schoolId, principal.personId, sharing),
  };
  const sealed = sealHint(hint, ring, platform.clock());
  const params = {
    iss: platform.issuer,
    login_hint: sub,
    target_link_uri: hint.message.targetLinkUri,
    lti_message_hint: sealed.hint,
    // Always sent: some tool libraries otherwise take the first registration they hold for the issuer.
    client_id: tool.clientId,
    lti_deployment_id: deploymentId,
    ...(framed ? { lti_storage_target: storageTargetOfFrame } : {}),
  };
  return { url: withQuery(tool.registration.loginInitiationUrl, params), params, toolId, jti: sealed.jti };
}

const titleOf = (tool: LtiTool, locale: Locale): string => tool.title[locale] ?? tool.title.nl;

/** `url` with `params` added to its query (a registered login URL may carry its own). */
function withQuery(url: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  const hash = url.indexOf("#");
  const base = hash === -1 ? url : url.slice(0, hash);
  return `${base}${base.includes("?") ? "&" : "?"}${query}`;
}

/**
 * The group of the launch. A pupil launches only for a group they are in; a teacher or admin
 * also for any active group of their school (a class they teach without being on its roster).
 */
async function contextGroupOf(
  directory: LaunchDirectory,
  schoolId: string,
  principal: LaunchRequest["principal"],
  groupId: string | undefined,
): Promise<GroupView | undefined> {
  const mine = await directory.groupsOf(schoolId, principal.personId);
  if (!groupId) return mine[0];
  const member = mine.find((group) => group.groupId === groupId);
  if (member) return member;
  if (!principal.roles.some((role) => role === "teacher" || role === "schoolAdmin")) {
    throw new LaunchRefused("not-in-group");
  }
  const group = await directory.group(schoolId, groupId);
  if (!group) throw new LaunchRefused("group-not-found");
  return group;
}

async function personClaimsOf(platform: LtiPlatform, ring: KeyRing, schoolId: string, personId: string, sharing: DataSharingSwitches): Promise<PersonClaims> {
  if (!sharesAnything(sharing)) return {};
  const person = await platform.directory.person(schoolId, personId);
  if (!person) return {};
  return sharedPersonClaims(person, sharing, (blob) => pictureUrlOf(platform.issuer, ring, { schoolId, blob }, platform.clock()));
}
