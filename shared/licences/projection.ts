import { AlreadyExists, documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
// The leaf module, not lti/index.ts: the LTI launch imports this context, and a cycle of the two indexes could meet a half-evaluated module.
import { Pseudonyms } from "../lti/pseudonyms.js";
import type { LicenceScope, LicenseeRef } from "./licence.js";
import { applyFact, canonicalJson, licenceIdOfFact, type FactOutcome, type LicenceFact, type LicenceRecord } from "./licence-facts.js";
import { entitlementDocumentId, licenceDocumentId, type EntitlementGrant, type ResolvedScope, type StoredLicence, type ToolEntitlement } from "./records.js";

/*
 * Stores a fact about a licence and projects the licence onto the school's entitlement
 * documents (one per tool, read by the launch). The projection always projects the licence as
 * it is stored *now*, whichever fact triggered it, and compares before it writes, so running
 * it again (a redelivery after a crash, a snapshot equal to what is stored) writes nothing
 * new. Two processors of one licence at once both end by projecting the newest state: after
 * writing, each checks the licence is unchanged and projects again if not.
 */

const providerData = () => documentStore().container("provider-data");
const schoolData = () => documentStore().container("school-data");

/** Stores the fact when it is newer than what is stored (ETag-guarded); retries on a concurrent write. */
export async function storeFact(providerId: string, fact: LicenceFact, now = new Date()): Promise<{ outcome: FactOutcome; record: LicenceRecord | undefined }> {
  const id = licenceDocumentId(licenceIdOfFact(fact));
  for (;;) {
    const current = await readLicenceRecord(providerId, id);
    const { outcome, next } = applyFact(providerId, current, fact, now);
    if (!next) return { outcome, record: current };
    try {
      const stored = current ? await providerData().replace(next, current._etag) : await providerData().create(next);
      return { outcome, record: stored };
    } catch (error) {
      if (!(error instanceof PreconditionFailed || error instanceof AlreadyExists)) throw error;
    }
  }
}

async function readLicenceRecord(providerId: string, id: string): Promise<Stored<LicenceRecord> | undefined> {
  const found = await providerData().read<LicenceRecord>(id, providerId);
  return found?.type === "licence" || found?.type === "licence-revocation" ? found : undefined;
}

/** Finds the school's classes and people that a provider names, by roster sourcedId or by the LTI id its tool received. */
class LicenseeResolver {
  private groups?: Promise<{ id: string; sourcedId?: string }[]>;
  private people?: Promise<{ id: string; sourcedId?: string }[]>;
  private static pseudonyms?: Pseudonyms;

  constructor(private readonly schoolId: string) {}

  private all(type: "group" | "person") {
    const load = () =>
      schoolData().query<{ id: string; sourcedId?: string }>(
        { query: "SELECT c.id, c.sourcedId FROM c WHERE c.type = @type", parameters: [{ name: "@type", value: type }] },
        { partitionKey: this.schoolId },
      );
    if (type === "group") return (this.groups ??= load());
    return (this.people ??= load());
  }

  private async find(type: "group" | "person", ref: LicenseeRef, toolId: string): Promise<string | undefined> {
    const candidates = await this.all(type);
    if (ref.sourcedId !== undefined) return candidates.find((candidate) => candidate.sourcedId === ref.sourcedId)?.id;
    // Pseudonyms are HMACs (lti/pseudonyms.ts): computed for each of the school's groups or people at this tool.
    LicenseeResolver.pseudonyms ??= new Pseudonyms(appSettings().LTI_PSEUDONYM_KEY);
    const pseudonyms = LicenseeResolver.pseudonyms;
    const pseudonymOf = type === "group" ? (id: string) => pseudonyms.contextIdOf(id, toolId) : (id: string) => pseudonyms.subjectOf(id, toolId);
    return candidates.find((candidate) => pseudonymOf(candidate.id) === ref.ltiId)?.id;
  }

  async resolve(scope: LicenceScope, toolId: string): Promise<ResolvedScope> {
    switch (scope.level) {
      case "school":
        return { level: "school" };
      case "class": {
        const groupId = await this.find("group", scope.class, toolId);
        return { level: "class", ...(groupId ? { groupId } : {}) };
      }
      case "teacher":
      case "pupil": {
        const personId = await this.find("person", scope.person, toolId);
        return { level: scope.level, ...(personId ? { personId } : {}) };
      }
    }
  }
}

async function grantFor(licence: StoredLicence, toolId: string, resolver: LicenseeResolver): Promise<EntitlementGrant | undefined> {
  if (licence.status !== "active" || !licence.state.toolIds.includes(toolId)) return undefined;
  const { state } = licence;
  return {
    providerId: licence.providerId,
    licenceId: licence.licenceId,
    scope: await resolver.resolve(state.scope, toolId),
    ...(state.seats !== undefined ? { seats: state.seats } : {}),
    validFrom: state.validFrom,
    validUntil: state.validUntil,
  };
}

const byLicence = (a: EntitlementGrant, b: EntitlementGrant): number =>
  a.providerId === b.providerId ? (a.licenceId < b.licenceId ? -1 : 1) : a.providerId < b.providerId ? -1 : 1;

/** Puts the licence's grant on one tool's entitlement (or takes it off); writes only when that changes the document. */
async function setGrant(schoolId: string, toolId: string, licence: Pick<StoredLicence, "providerId" | "licenceId">, grant: EntitlementGrant | undefined, now: Date): Promise<void> {
  const id = entitlementDocumentId(toolId);
  const grantsWith = (grants: EntitlementGrant[]) =>
    [...grants.filter((g) => g.providerId !== licence.providerId || g.licenceId !== licence.licenceId), ...(grant ? [grant] : [])].sort(byLicence);
  for (;;) {
    let found = false;
    await schoolData().modify<ToolEntitlement>(id, schoolId, (current) => {
      found = true;
      const grants = grantsWith(current.grants);
      return canonicalJson(grants) === canonicalJson(current.grants) ? undefined : { ...current, grants, updatedAt: now.toISOString() };
    });
    if (found || !grant) return;
    try {
      await schoolData().create<ToolEntitlement>({ id, schoolId, type: "entitlement", toolId, grants: [grant], updatedAt: now.toISOString() });
      return;
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
  }
}

/**
 * Projects the licence as stored onto its school's entitlements: a grant on each tool it
 * lists, none on tools it listed before (`projectedTools`) or that this run touched, then
 * narrows `projectedTools` to what is projected.
 */
export async function projectLicence(providerId: string, licenceId: string, now = new Date()): Promise<void> {
  const id = licenceDocumentId(licenceId);
  const touched = new Set<string>();
  for (;;) {
    const licence = await readLicenceRecord(providerId, id);
    if (licence?.type !== "licence") return;
    const resolver = new LicenseeResolver(licence.schoolId);
    const targets = new Set([...licence.projectedTools, ...(licence.status === "active" ? licence.state.toolIds : []), ...touched]);
    for (const toolId of [...targets].sort()) {
      await setGrant(licence.schoolId, toolId, licence, await grantFor(licence, toolId, resolver), now);
      touched.add(toolId);
    }
    const projected = licence.status === "active" ? licence.state.toolIds : [];
    let unchanged = false;
    await providerData().modify<StoredLicence>(id, providerId, (current) => {
      unchanged = false;
      if (current.type !== "licence" || canonicalJson(current.order) !== canonicalJson(licence.order)) return undefined;
      unchanged = true;
      return canonicalJson(current.projectedTools) === canonicalJson(projected) ? undefined : { ...current, projectedTools: projected };
    });
    // A newer fact arrived while this ran: project that one too, including the tools touched here.
    if (unchanged) return;
  }
}

/** The shared path of events and snapshots: store the fact, then (always) project the licence. */
export async function applyLicenceFact(providerId: string, fact: LicenceFact, now = new Date(), hooks: ProjectionHooks = {}): Promise<FactOutcome> {
  const { outcome } = await storeFact(providerId, fact, now);
  await hooks.afterStore?.();
  await projectLicence(providerId, licenceIdOfFact(fact), now);
  return outcome;
}

/** A seam for tests of crash safety: runs between storing the fact and projecting it. */
export interface ProjectionHooks {
  afterStore?: () => Promise<void>;
}
