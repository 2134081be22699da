import { z } from "./zod.js";

// After zod.js: see there. The schemas are the API's own (browser-safe files of shared/).
import { ProviderView, type NewProvider } from "../../../shared/catalogue/provider.js";
import { ReviewItem } from "../../../shared/catalogue/review-item.js";
import { ProviderTool, ProviderToolSummary } from "../../../shared/catalogue/tool.js";
import { IssuedProviderInvitation, ProviderInvitationSummary } from "../../../shared/identity/invitation.js";
import { DeadLetterOverview, DeadLetterReplay, DiscardedDeadLetter, type DeadLetterView, type QueueDeadLetters } from "../../../shared/operations/views.js";
import { getJson, send, type CallOptions } from "./client.js";

export type { DeadLetterOverview, DeadLetterReplay, DeadLetterView, DiscardedDeadLetter, IssuedProviderInvitation, QueueDeadLetters, NewProvider, ProviderInvitationSummary, ProviderView, ReviewItem };

const ProviderList = z.object({ providers: z.array(ProviderView) });
/** GET /api/providers/{providerId}: the organisation with its tools and their review status. */
const ProviderWithTools = ProviderView.extend({ tools: z.array(ProviderToolSummary) });
export type ProviderWithTools = z.infer<typeof ProviderWithTools>;
const InvitationList = z.object({ invitations: z.array(ProviderInvitationSummary) });
const ReviewQueue = z.object({ items: z.array(ReviewItem) });

const providerPath = (...parts: string[]): string => `/api/providers/${parts.map(encodeURIComponent).join("/")}`;
const reviewPath = (providerId: string, toolId: string, action?: "approve" | "reject"): string =>
  `/api/review/providers/${encodeURIComponent(providerId)}/tools/${encodeURIComponent(toolId)}${action ? `/${action}` : ""}`;

export async function listProviders(options?: CallOptions): Promise<ProviderView[]> {
  return (await getJson("/api/providers", ProviderList, options)).providers;
}

export const createProvider = (provider: NewProvider): Promise<ProviderView> => send("POST", "/api/providers", provider, ProviderView);

export const readProvider = (providerId: string, options?: CallOptions): Promise<ProviderWithTools> =>
  getJson(providerPath(providerId), ProviderWithTools, options);

export async function listInvitations(providerId: string, options?: CallOptions): Promise<ProviderInvitationSummary[]> {
  return (await getJson(providerPath(providerId, "invitations"), InvitationList, options)).invitations;
}

/** The answer holds the sign-in link, shown this once. */
export const inviteProviderUser = (providerId: string, email?: string): Promise<IssuedProviderInvitation> =>
  send("POST", providerPath(providerId, "invitations"), email ? { email } : {}, IssuedProviderInvitation);

export const revokeInvitation = (providerId: string, invitationId: string): Promise<ProviderInvitationSummary> =>
  send("DELETE", providerPath(providerId, "invitations", invitationId), undefined, ProviderInvitationSummary);

/** Every version waiting for review, the oldest first. */
export async function reviewQueue(options?: CallOptions): Promise<ReviewItem[]> {
  return (await getJson("/api/review/queue", ReviewQueue, options)).items;
}

export const readReviewItem = (providerId: string, toolId: string, options?: CallOptions): Promise<ReviewItem> =>
  getJson(reviewPath(providerId, toolId), ReviewItem, options);

/** `version`: the one the reviewer looked at; the API refuses when a newer one came in between. */
export const approveVersion = (providerId: string, toolId: string, version: number, reason?: string): Promise<ProviderTool> =>
  send("POST", reviewPath(providerId, toolId, "approve"), { version, ...(reason ? { reason } : {}) }, ProviderTool);

export const rejectVersion = (providerId: string, toolId: string, version: number, reason: string): Promise<ProviderTool> =>
  send("POST", reviewPath(providerId, toolId, "reject"), { version, reason }, ProviderTool);

/** The dead letters of every queue, the oldest first. */
export const listDeadLetters = (options?: CallOptions): Promise<DeadLetterOverview> => getJson("/api/operator/dead-letters", DeadLetterOverview, options);

export const replayDeadLetter = (queue: string, messageId: string): Promise<DeadLetterReplay> =>
  send("POST", `/api/operator/dead-letters/${encodeURIComponent(queue)}/${encodeURIComponent(messageId)}/replay`, {}, DeadLetterReplay);

/** Takes a dead letter away without processing it. */
export const discardDeadLetter = (queue: string, messageId: string): Promise<DiscardedDeadLetter> =>
  send("DELETE", `/api/operator/dead-letters/${encodeURIComponent(queue)}/${encodeURIComponent(messageId)}`, undefined, DiscardedDeadLetter);
