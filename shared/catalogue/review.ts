import { documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import type { Principal } from "../identity/index.js";
import { HttpProblem } from "../runtime/index.js";
import { publishCatalogueEntry } from "./catalogue.js";
import { assertIfMatch, changedInBetween, etagHeader } from "./etags.js";
import type { Provider } from "./provider.js";
import { readProvider } from "./providers.js";
import type { ReviewItem } from "./review-item.js";
import { ToolDocument, type ProviderTool, type ReviewDecision, type ToolVersion } from "./tool.js";
import { providerToolOf, readProviderTool } from "./tools.js";
import { diffVersions } from "./version-diff.js";

export { Approval, Rejection, ReviewItem } from "./review-item.js";

/*
 * The operators' quality review: every new tool and every change to a live tool waits here;
 * the live version stays in the catalogue until a change is approved.
 */

const providerData = () => documentStore().container("provider-data");

const contentOf = (version: ToolVersion | undefined) => (version ? { registration: version.registration, metadata: version.metadata } : {});

function reviewItemOf(tool: Stored<ToolDocument>, provider: Provider | undefined): ReviewItem {
  const pending = tool.pending!;
  return {
    toolId: tool.id,
    providerId: tool.providerId,
    providerName: provider?.name ?? "—",
    intentieverklaring: provider?.intentieverklaring ?? null,
    kind: tool.live ? "change" : "new",
    pending,
    live: tool.live ?? null,
    changes: diffVersions(contentOf(tool.live), contentOf(pending)),
    waitingSince: pending.submittedAt,
    reviews: tool.reviews,
    etag: etagHeader(tool._etag),
  };
}

/** Every version waiting for review, the oldest first. Operators only: a query across providers. */
export async function reviewQueue(): Promise<ReviewItem[]> {
  const tools = await providerData().query<Stored<ToolDocument>>({
    query: "SELECT * FROM c WHERE c.type = 'tool' AND IS_DEFINED(c.pending)",
  });
  const providerIds = [...new Set(tools.map((tool) => tool.providerId))];
  const providers = new Map(await Promise.all(providerIds.map(async (id) => [id, await readProvider(id)] as const)));
  return tools
    .sort((a, b) => a.pending!.submittedAt.localeCompare(b.pending!.submittedAt) || a.id.localeCompare(b.id))
    .map((tool) => reviewItemOf(tool, providers.get(tool.providerId)));
}

export async function readReviewItem(providerId: string, toolId: string): Promise<ReviewItem | undefined> {
  const tool = await readProviderTool(providerId, toolId);
  if (!tool?.pending) return undefined;
  return reviewItemOf(tool, await readProvider(providerId));
}

type Decision = { outcome: "approved"; version: number; reason?: string | undefined } | { outcome: "rejected"; version: number; reason: string };

const keptReviews = 50;

/**
 * Approves or rejects the pending version `decision.version`. Approval makes it live and puts
 * it in the catalogue; rejection keeps the live version (if any) and tells the provider why.
 * Approving again a version that is already live only refreshes its catalogue entry, so a
 * retry after a failure half-way is safe. Undefined when the provider has no such tool.
 */
export async function decideReview(
  operator: Pick<Principal, "personId" | "displayName">,
  providerId: string,
  toolId: string,
  decision: Decision,
  ifMatch: string | undefined,
  now = new Date(),
): Promise<ProviderTool | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readProviderTool(providerId, toolId);
    if (!current) return undefined;
    assertIfMatch(ifMatch, current._etag);
    const provider = await readProvider(providerId);
    if (!current.pending) {
      if (decision.outcome === "approved" && current.live?.version === decision.version) {
        await publishCatalogueEntry(current, current.live, provider?.name ?? "—", now);
        return providerToolOf(current);
      }
      throw new HttpProblem(409, "nothing-to-review", "Nothing to review", "This tool has no version waiting for review");
    }
    if (current.pending.version !== decision.version) {
      throw new HttpProblem(409, "version-changed", "Another version is waiting", `Version ${current.pending.version} is waiting now, not ${decision.version}; look at it first`);
    }
    const record: ReviewDecision = {
      version: decision.version,
      outcome: decision.outcome,
      ...(decision.reason ? { reason: decision.reason } : {}),
      decidedAt: now.toISOString(),
      decidedBy: { id: operator.personId, name: operator.displayName },
    };
    const { pending, rejected: _rejected, ...rest } = ToolDocument.parse(current);
    const next: ToolDocument = {
      ...rest,
      ...(decision.outcome === "approved" ? { live: pending! } : { rejected: pending! }),
      reviews: [...current.reviews, record].slice(-keptReviews),
      updatedAt: now.toISOString(),
    };
    let stored: Stored<ToolDocument>;
    try {
      stored = await providerData().replace(next, current._etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (ifMatch !== undefined) throw changedInBetween();
      continue;
    }
    if (decision.outcome === "approved") await publishCatalogueEntry(stored, stored.live!, provider?.name ?? "—", now);
    return providerToolOf(stored);
  }
  throw changedInBetween();
}
