import "./zod.js";

// After zod.js: see there. The schemas are the API's own (browser-safe files of shared/).
import { ProviderView, type SignedIntentieverklaring } from "../../../shared/catalogue/provider.js";
import { UploadedMedia } from "../../../shared/catalogue/media-upload.js";
import { ProviderTool, ProviderToolList, type ProviderToolSummary, type ToolSubmission, type ToolVersion } from "../../../shared/catalogue/tool.js";
import { ApiKeyList, ApiKeySummary, IssuedApiKey } from "../../../shared/identity/api-key.js";
import { StartedRegistration, type RegistrationStart } from "../../../shared/lti/registration-start.js";
import { getJson, send, upload, type CallOptions } from "./client.js";

export type {
  ApiKeySummary,
  IssuedApiKey,
  UploadedMedia,
  ProviderTool,
  ProviderToolSummary,
  ProviderView,
  RegistrationStart,
  SignedIntentieverklaring,
  StartedRegistration,
  ToolSubmission,
  ToolVersion,
};

/** The provider user's own organisation. */
export const readOwnProvider = (options?: CallOptions): Promise<ProviderView> => getJson("/api/provider", ProviderView, options);

export const recordIntentieverklaring = (signed: SignedIntentieverklaring): Promise<ProviderView> =>
  send("PUT", "/api/provider/intentieverklaring", signed, ProviderView);

export async function listOwnTools(options?: CallOptions): Promise<ProviderToolSummary[]> {
  return (await getJson("/api/provider/tools", ProviderToolList, options)).tools;
}

export const readOwnTool = (toolId: string, options?: CallOptions): Promise<ProviderTool> =>
  getJson(`/api/provider/tools/${encodeURIComponent(toolId)}`, ProviderTool, options);

/** A new tool: it waits for review. */
export const registerTool = (submission: ToolSubmission): Promise<ProviderTool> => send("POST", "/api/provider/tools", submission, ProviderTool);

/** The tool's next version: it waits for review while the live version stays. */
export const submitToolChange = (toolId: string, submission: ToolSubmission): Promise<ProviderTool> =>
  send("PUT", `/api/provider/tools/${encodeURIComponent(toolId)}`, submission, ProviderTool);

/** LTI Dynamic Registration: the tool registers itself from the page at `openUrl`, with a single-use token. */
export const startDynamicRegistration = (start: RegistrationStart): Promise<StartedRegistration> =>
  send("POST", "/api/provider/registrations", start, StartedRegistration);

export const uploadMedia = (file: File): Promise<UploadedMedia> => upload("/api/provider/media", file, UploadedMedia);

export async function listApiKeys(options?: CallOptions): Promise<ApiKeySummary[]> {
  return (await getJson("/api/provider/api-keys", ApiKeyList, options)).keys;
}

/** The answer is the only place the full key ever appears. */
export const createApiKey = (label: string): Promise<IssuedApiKey> => send("POST", "/api/provider/api-keys", { label }, IssuedApiKey);

export const revokeApiKey = (keyId: string): Promise<ApiKeySummary> =>
  send("DELETE", `/api/provider/api-keys/${encodeURIComponent(keyId)}`, undefined, ApiKeySummary);
