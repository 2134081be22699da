import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import { listProviders } from "../catalogue/index.js";
import { cursorOf, pageCursor } from "../runtime/index.js";
import { Instellingsnummer, schoolIdOfInstellingsnummer } from "../schools/index.js";
import { brusselsDateOf } from "./enforcement.js";
import type { StoredLicence } from "./records.js";
import { listRefusalCounts } from "./refusals.js";
import { refusalWindowStart, tallyOf, validityOn } from "./school-overview.js";
import { OperatorLicenceStatus, type OperatorLicencePage, type OperatorRefusals, type OperatorRefusalView } from "./views.js";

export const OperatorLicenceQuery = z.object({
  providerId: z.string().trim().min(1).max(100).optional().describe("Only this provider's licences"),
  instellingsnummer: Instellingsnummer.optional().describe("Only this school's licences"),
  status: OperatorLicenceStatus.optional().describe("Only licences with this status today"),
  cursor: pageCursor(z.tuple([z.string(), z.string(), z.string()])).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Licences per page"),
});
export type OperatorLicenceQuery = z.infer<typeof OperatorLicenceQuery>;

/** Newest change first; a licence id is unique within its provider only. */
const newestFirst = { fields: ["updatedAt", "providerId", "id"], descending: true } as const;

/** Each status as a condition on the stored licence, on the day `@today` (validityOn's rule). */
const statusConditions: Record<OperatorLicenceStatus, string> = {
  revoked: "c.status = 'revoked'",
  upcoming: "c.status = 'active' AND c.state.validFrom > @today",
  active: "c.status = 'active' AND c.state.validFrom <= @today AND c.state.validUntil >= @today",
  expired: "c.status = 'active' AND c.state.validUntil < @today",
};

/** A page of every provider's licences for the operator, newest change first, filtered by provider, school and status. */
export async function listOperatorLicences(query: OperatorLicenceQuery, now = new Date()): Promise<OperatorLicencePage> {
  const today = brusselsDateOf(now);
  const conditions = ["c.type = 'licence'"];
  const parameters: { name: string; value: string }[] = [];
  if (query.instellingsnummer) {
    conditions.push("c.schoolId = @schoolId");
    parameters.push({ name: "@schoolId", value: schoolIdOfInstellingsnummer(query.instellingsnummer) });
  }
  if (query.status) {
    conditions.push(statusConditions[query.status]);
    if (query.status !== "revoked") parameters.push({ name: "@today", value: today });
  }
  const [page, providers] = await Promise.all([
    documentStore()
      .container("provider-data")
      .page<StoredLicence>(
        { where: conditions.join(" AND "), parameters, order: newestFirst, limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) },
        query.providerId ? { partitionKey: query.providerId } : {},
      ),
    listProviders(),
  ]);
  const providerNames = new Map(providers.map((provider) => [provider.providerId, provider.name]));
  return {
    licences: page.items.map((licence) => ({
      providerId: licence.providerId,
      providerName: providerNames.get(licence.providerId) ?? licence.providerId,
      licenceId: licence.licenceId,
      instellingsnummer: licence.state.instellingsnummer,
      scopeLevel: licence.state.scope.level,
      toolIds: licence.state.toolIds,
      ...(licence.state.seats !== undefined ? { seats: licence.state.seats } : {}),
      validFrom: licence.state.validFrom,
      validUntil: licence.state.validUntil,
      status: licence.status,
      validity: validityOn(licence.state, today).validity,
      updatedAt: licence.updatedAt,
    })),
    ...(page.nextKey ? { nextCursor: cursorOf(page.nextKey) } : {}),
  };
}

/** The refused launches of the last `refusalWindowDays` days per school × tool, most first. */
export async function operatorRefusals(now = new Date()): Promise<OperatorRefusals> {
  const refusals = await listRefusalCounts(undefined, refusalWindowStart(brusselsDateOf(now)));
  const perSchoolTool = new Map<string, typeof refusals>();
  for (const count of refusals) {
    const key = `${count.schoolId}\n${count.toolId}`;
    perSchoolTool.set(key, [...(perSchoolTool.get(key) ?? []), count]);
  }
  const refusalViews: OperatorRefusalView[] = [...perSchoolTool.values()]
    .map((counts) => ({ schoolId: counts[0]!.schoolId, toolId: counts[0]!.toolId, ...tallyOf(counts) }))
    .sort((a, b) => b.noLicence + b.seatsExhausted - (a.noLicence + a.seatsExhausted));
  return { refusals: refusalViews };
}
