export { principalOf, signedIn, unauthenticated } from "./access.js";
export {
  IdentityLink,
  identityLinkId,
  PlatformAccount,
  resolveAccount,
  subjectsOf,
  unlinkPerson,
  type ResolvedAccount,
  type SignInIdentity,
} from "./accounts.js";
export { readCookie, sessionCookieName, loginCookieName } from "./cookies.js";
export { Principal, schoolScopeOf } from "./principal.js";
export { allRoles, platformRoles, Role, schoolRoles } from "./roles.js";
export { createSession, endSession, endSessionsOf, resolveSession, Session, type NewSession } from "./sessions.js";
export { beginSignIn, completeSignIn, Connection, ReturnTo, signOut } from "./sign-in.js";
export { CardCode, cardCodeBits, cardCodeLength, CardSignedIn, CardSignIn, checkSymbolOf, clientAddressOf, groupedCardCode, isWellFormedCardCode, IssuedLoginCard, IssuedLoginCards, IssueLoginCards, issueLoginCards, listLoginCards, LoginCard, LoginCardList, LoginCardSettings, LoginCardSummary, normaliseCardCode, signInWithLoginCard, voidAllLoginCards, VoidedLoginCards, VoidLoginCards, voidLoginCardOf } from "./login-cards.js";
export { AuditEntry, auditEntriesAbout, recordAudit } from "./audit.js";
export { ApiKey, apiKeyCacheMs, ApiKeyList, ApiKeySummary, IssuedApiKey, issueApiKey, listApiKeys, maxActiveApiKeys, NewApiKey, revokeApiKey, seedApiKey, verifyApiKey, type ApiKeyCaller } from "./api-keys.js";
export { providerAccess, type ProviderCaller } from "./provider-access.js";
export {
  createProviderInvitation,
  InvitationStatus,
  InvitationToken,
  invitationValidDays,
  IssuedProviderInvitation,
  listProviderInvitations,
  NewProviderInvitation,
  ProviderInvitation,
  ProviderInvitationSummary,
  revokeProviderInvitation,
} from "./invitations.js";
