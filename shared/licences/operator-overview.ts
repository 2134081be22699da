import { documentStore } from "../adapters/index.js";
import { listProviders } from "../catalogue/index.js";
import { brusselsDateOf } from "./enforcement.js";
import type { StoredLicence } from "./records.js";
import { listRefusalCounts } from "./refusals.js";
import { refusalWindowStart, tallyOf, validityOn } from "./school-overview.js";
import { operatorLicenceLimit, type OperatorLicences, type OperatorRefusalView } from "./views.js";

/** The operator's view: every provider's licences (newest changes first) and the refused launches per school × tool. */
export async function operatorLicences(now = new Date()): Promise<OperatorLicences> {
  const today = brusselsDateOf(now);
  const [stored, refusals, providers] = await Promise.all([
    documentStore()
      .container("provider-data")
      .query<StoredLicence>({ query: "SELECT * FROM c WHERE c.type = 'licence'" }),
    listRefusalCounts(undefined, refusalWindowStart(today)),
    listProviders(),
  ]);
  const providerNames = new Map(providers.map((provider) => [provider.providerId, provider.name]));
  const licences = stored
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, operatorLicenceLimit)
    .map((licence) => ({
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
    }));

  const perSchoolTool = new Map<string, typeof refusals>();
  for (const count of refusals) {
    const key = `${count.schoolId}\n${count.toolId}`;
    perSchoolTool.set(key, [...(perSchoolTool.get(key) ?? []), count]);
  }
  const refusalViews: OperatorRefusalView[] = [...perSchoolTool.values()]
    .map((counts) => ({ schoolId: counts[0]!.schoolId, toolId: counts[0]!.toolId, ...tallyOf(counts) }))
    .sort((a, b) => b.noLicence + b.seatsExhausted - (a.noLicence + a.seatsExhausted));
  return { today, licences, refusals: refusalViews };
}
