/**
 * Tool providers, their tools, the operators' review and the catalogue that schools browse.
 *
 * Routes (functions/…), with who may call them:
 * - operator: POST/GET providers, GET providers/{providerId}, POST/GET providers/{providerId}/invitations,
 *   DELETE providers/{providerId}/invitations/{invitationId}; GET review/queue,
 *   GET review/providers/{providerId}/tools/{toolId}, POST …/approve, POST …/reject.
 * - provider (session or API key; the provider API of GET /api/openapi.json): GET provider,
 *   GET/POST provider/tools, GET/PUT provider/tools/{toolId}, POST provider/media;
 *   provider user only: PUT provider/intentieverklaring, GET/POST provider/api-keys,
 *   DELETE provider/api-keys/{keyId}.
 * - teacher, schoolAdmin: GET catalogue, GET catalogue/{toolId}, GET school/tools;
 *   schoolAdmin: PUT school/tools/{toolId}.
 * - pupil, teacher, schoolAdmin: GET home/tiles. Every signed-in role: GET tool-media/{providerId}/{mediaId}.
 *
 * Documents: `provider-data` (partition providerId) holds providers and tools with their
 * versions; `platform` holds catalogue entries ("catalogue-entry"), API keys ("api-key") and
 * invitations ("provider-invitation"); `school-data` holds each school's tool settings
 * ("tool-enablement"). Images are in the `tool-media` blob container.
 */
export {
  browseCatalogue,
  catalogueEntries,
  listSchoolTools,
  liveToolFor,
  publishCatalogueEntry,
  readCatalogueEntry,
  readCatalogueItem,
} from "./catalogue.js";
export { CatalogueEntry, catalogueEntryOf, CatalogueItem, CataloguePage, mediaUrl } from "./catalogue-entry.js";
export {
  CatalogueQuery,
  countFacets,
  FacetCount,
  facetValuesOf,
  matchesSearch,
  normaliseSearchText,
  searchCatalogue,
  searchTextOf,
  type Facets,
  type Searchable,
  type SearchResult,
} from "./catalogue-search.js";
export {
  DataSharing,
  DataSharingSwitches,
  defaultDataSharing,
  readEnablement,
  SchoolTool,
  schoolToolOf,
  SchoolToolSettings,
  setToolSettings,
  ToolEnablement,
  toolSettingsCacheMs,
  toolSettingsFor,
} from "./enablement.js";
export { assertIfMatch, etagHeader } from "./etags.js";
export { HomeGroup, HomeTile, HomeTiles, homeTilesFor, launchPathOf } from "./home-tiles.js";
export { maxMediaBytes, mediaExists, mediaTypes, readToolMedia, UploadedMedia, uploadToolMedia } from "./media.js";
export {
  AccessibilityFeature,
  Cluster,
  facetNames,
  LanguageCode,
  localisedText,
  MediaId,
  Onderwijsvorm,
  Pricing,
  Stage,
  Subject,
  ToolMetadata,
  type FacetName,
} from "./metadata.js";
export { Intentieverklaring, NewProvider, Provider, ProviderView, SignedIntentieverklaring } from "./provider.js";
export { isProviderApiRoute, providerApiDocument } from "./provider-api.js";
export { createProvider, inviteProviderUser, listProviders, providerViewOf, readProvider, recordIntentieverklaring } from "./providers.js";
export {
  LinkRegistration,
  LtiRegistration,
  LtiService,
  Presentation,
  PublicJwk,
  RedirectUri,
  ToolKey,
  ToolRegistration,
  ToolUrl,
  toolUrlProblem,
  urlsOf,
} from "./registration.js";
export { Approval, decideReview, readReviewItem, Rejection, ReviewItem, reviewQueue } from "./review.js";
export {
  Actor,
  newestVersionOf,
  ProviderTool,
  ProviderToolList,
  ProviderToolSummary,
  ReviewDecision,
  statusOf,
  ToolDocument,
  ToolStatus,
  ToolSubmission,
  ToolVersion,
} from "./tool.js";
export { listProviderTools, providerToolOf, readProviderTool, registerTool, submitToolChange, toolKeyProblem } from "./tools.js";
export { diffVersions, FieldChange } from "./version-diff.js";
