/**
 * The LTI 1.3 platform (LTI-PLATFORM.md): the portal launches tools with OIDC third-party
 * initiated login and a signed id_token, and publishes its keys.
 *
 * Routes (functions/…):
 * - GET lti/launch/{toolId} (pupil, teacher, schoolAdmin; `?groupId=`, `?locale=`): checks
 *   the school enabled the tool and, for a licensed tool, that a licence of the school names
 *   the person, with a seat when it counts seats (licence-check.ts; refusals are pages that
 *   name the school admin and the provider, and are counted), seals the launch into the `lti_message_hint` and redirects
 *   to the tool's login initiation URL (login-initiation.ts). `?target=iframe` (from the
 *   portal's tool page, for tools registered with presentation "iframe"): document_target
 *   iframe and `lti_storage_target=_parent` at login and launch (LTI Client Side postMessage
 *   Storage; the portal page answers lti.put_data/lti.get_data, static-web/src/lti-storage.ts).
 * - GET lti/return (public): return_url of framed launches, a page that takes the whole
 *   window back to the portal.
 * - GET|POST lti/authorize (public; the session cookie is checked inside, and answers are
 *   OIDC form posts or pages, never problem+json): the OIDC authorization endpoint
 *   (authorization.ts), answering with an auto-submitted form post of the id_token.
 * - GET lti/jwks (public, cacheable, ETag): the published keys (jwks.ts).
 * - GET lti/pictures/{token} (public; the token is the capability): a shared profile picture.
 * - POST lti/token (public at the session level: tools authenticate with a JWT client
 *   assertion signed by their registered key): OAuth 2.0 client credentials for AGS and NRPS,
 *   answering an access token bound to the tool and the granted scopes (access-tokens.ts).
 * - AGS 2.0 (public at the session level: the bearer access token is checked inside, tool
 *   and scope, and the context must be the tool's in the deployment named by
 *   `?deployment_id=`; line-items.ts): GET|POST lti/contexts/{contextId}/lineitems,
 *   GET|PUT|DELETE …/lineitems/{lineItemId} (DELETE refused with 403 for the line item the
 *   platform made for a deep-linked activity), POST …/{lineItemId}/scores, GET …/results.
 * - NRPS 2.0 (the same bearer check; memberships.ts): GET
 *   lti/deployments/{deploymentId}/contexts/{contextId}/memberships, the members of a class with
 *   per-tool `user_id`s, `role`/`limit`/`rlid` filters, `next` and `differences` links.
 * - Dynamic Registration 1.0 (dynamic-registration.ts): POST provider/registrations (provider,
 *   session or API key) starts one and answers the URL of the tool's registration page with a
 *   single-use registration token; GET lti/registration/openid-configuration (public) is the
 *   platform's configuration; POST lti/registration (public: the registration token is the
 *   bearer; body capped at 256 KiB) creates the tool for the token's provider, waiting for
 *   review, and records it in the audit log for whoever started the registration. Started with
 *   `toolId`, the registration is the next version of that tool instead (same client_id).
 * - Deep Linking 2.0 (deep-linking.ts): GET lti/deep-link/{toolId} (teacher, schoolAdmin;
 *   `?groupId=`) launches an LtiDeepLinkingRequest whose sealed `data` binds teacher, school,
 *   tool and group; POST lti/deep-link/return (public; the tool's signature, the data and the
 *   session are checked inside, answers are redirects or pages) takes the picked items, which
 *   shared/paths stores as activities with their AGS line items; each `data` is answered once
 *   across instances (a `deep-link-data-used` document in school-data), the change is in the
 *   school's audit log, and the body is capped at 1 MiB. The redirect to the class page carries
 *   `?uitkomst=`, the outcome (count, the tool's msg and errormsg) sealed for the teacher, school
 *   and class for 10 minutes (deep-link-outcome.ts), which GET
 *   school/groups/{groupId}/deep-link-outcome?token= (teacher, schoolAdmin) opens for that
 *   teacher only; the tool's log and errorlog go to the log. GET
 *   lti/activities/{activityId}/launch launches an activity (its resource link, custom and line
 *   item) at the cost of one point read of the activity more than a tile's launch.
 * - timer lti-key-rotation: next → current → previous → retired (keys.ts).
 *
 * The hot path reads and writes nothing at steady state: registrations, school settings and
 * groups come from short in-process caches (launch-context.ts), the hint is self-contained
 * and single use per process (replay-guard.ts), the signing key is in memory (key-ring.ts).
 *
 * Identifiers a tool sees: client id = tool id; deployment id = the school (deployments.ts);
 * `sub`, context id and resource link id are HMAC pseudonyms per tool (pseudonyms.ts). Name
 * e-mail and picture only as the school's data-sharing switch for the tool allows; the picture
 * as a day-long capability link, GET lti/pictures/{token} (pictures.ts).
 *
 * Per launch at steady state: the session lookup of every signed-in route (identity), then
 * no database read or write here (a licensed tool's entitlement and seat come from caches of
 * 30 and 60 seconds; only a refusal or a first seat writes). Single use of hints and nonces is per process; see
 * replay-guard.ts for what that means with several instances.
 *
 * For part 2 (deep linking, token endpoint, AGS, NRPS, dynamic registration): add a message
 * type to `LaunchMessage` (message-hint.ts) and its claims in `messageClaims` (id-token.ts);
 * verify tool JWTs with the registration's `key`; sign with `KeyRing.signer`; map a
 * deployment id back with `schoolIdOfDeployment`; resolve a `sub` with `Pseudonyms`.
 */
export {
  accessTokenLifetimeSeconds,
  clientAssertionType,
  grantOf,
  issueAccessToken,
  maxTokenRequestBytes,
  registeredScopesOf,
  serviceScope,
  TokenRequest,
  tokenUrlOf,
  type ServiceGrant,
  type ServiceScope,
  type TokenOutcome,
} from "./access-tokens.js";
export { GroupScore, GroupScores } from "./group-scores.js";
export { AuthorizationParams, authorize, maxAuthorizationRequestBytes, type AuthorizationInput, type AuthorizationOutcome, type AuthorizationRefusal, type OidcError } from "./authorization.js";
export { claim, contextType, lisRolesOf, localeOf, locales, ltiVersion, roleUri, type Locale } from "./claims.js";
export {
  acceptDeepLinkingResponse,
  acceptedItemTypes,
  activityPlacementOf,
  deepLinkingSettingsOf,
  deepLinkReturnUrlOf,
  DeepLinkingBinding,
  logToolSaid,
  LtiResourceLinkItem,
  maxDeepLinkResponseBytes,
  placementContextOf,
  toolSaidIn,
  type DeepLinkOutcome,
  type DeepLinkRefusal,
  type DeepLinkReturn,
  type ToolSaid,
} from "./deep-linking.js";
export { deepLinkOutcomeLifetimeSeconds, openDeepLinkOutcome, sealDeepLinkOutcome, type OutcomeReader } from "./deep-link-outcome.js";
export { DeepLinkOutcomeView } from "./deep-link-outcome-view.js";
export { deploymentIdOf, schoolIdOfDeployment } from "./deployments.js";
export {
  ClientRegistration,
  maxRegistrationBytes,
  openIdConfigurationOf,
  registerDynamically,
  registrationTokenLifetimeSeconds,
  startRegistration,
  type RegistrationErrorCode,
  type RegistrationOutcome,
} from "./dynamic-registration.js";
export { DynamicToolMetadata, RegistrationStart, StartedRegistration } from "./registration-start.js";
export { ExpiringCache } from "./expiring-cache.js";
export { agsEndpointClaim, idTokenClaims, idTokenLifetimeSeconds, signIdToken, toolPlatformClaim } from "./id-token.js";
export {
  agsMediaType,
  agsScopes,
  createLineItem,
  deleteLineItem,
  groupScores,
  LineItemFilter,
  LineItemInput,
  lineItemsUrlOf,
  lineItemView,
  listLineItems,
  listResults,
  postScore,
  readLineItem,
  ResultFilter,
  ScoreInput,
  serviceContextOf,
  updateLineItem,
  type ServiceContext,
  type StoredLineItem,
  type StoredScore,
} from "./line-items.js";
export { jwksMaxAgeSeconds, jwksOf, jwksResponse, matchesEtag, type Jwks } from "./jwks.js";
export { KeyRing, SigningKeys, type SigningKeysOptions } from "./key-ring.js";
export {
  bySigningAge,
  KeyState,
  keyRotationSchedule,
  newPlatformKey,
  planRotation,
  PlatformKey,
  readKeys,
  rotateKeys,
  rotationPolicy,
  type RotationPolicy,
  type RotationStep,
} from "./keys.js";
export { catalogueDirectory, entitlementCacheMs, entitlementMissCacheMs, launchCacheMs, type GroupView, type LaunchDirectory, type LtiTool, type PersonView } from "./launch-context.js";
export {
  LaunchRefused,
  startLaunch,
  storageTargetOfFrame,
  type ActivityPlacement,
  type DocumentTarget,
  type LaunchRefusal,
  type LaunchRefusalDetails,
  type LaunchRequest,
  type LoginInitiation,
} from "./login-initiation.js";
export {
  hintLifetimeSeconds,
  HintRefused,
  LaunchContextClaim,
  LaunchHint,
  LaunchMessage,
  openHint,
  PersonClaims,
  sealHint,
  sessionBindingOf,
  type HintProblem,
} from "./message-hint.js";
export { authorizationPage, deepLinkRefusalPage, formPostPage, frameReturnPage, launchRefusalPage, refusalPage, resubmittedField, type HtmlPage } from "./pages.js";
export { MembershipFilter, membershipsUrlOf, namesRoleServiceClaim, nrpsMediaType, readMemberships, type Member, type MembershipPage, type MemberStatus } from "./memberships.js";
export { createLtiPlatform, ltiPlatform, platformEndpoints, type LtiPlatform } from "./platform.js";
export { pictureBehind, pictureLinkLifetimeSeconds, pictureUrlOf } from "./pictures.js";
export { Pseudonyms } from "./pseudonyms.js";
export { seal, SealRefused, unseal, type SealProblem } from "./sealed-token.js";
export { InProcessReplayGuard, type ReplayGuard } from "./replay-guard.js";
