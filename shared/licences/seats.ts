import { createHash } from "node:crypto";
import { z } from "zod";
import { AlreadyExists, documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { grantKeyOf } from "./enforcement.js";
import type { EntitlementGrant } from "./records.js";

/*
 * Seats of seat-limited licences, first come first served, in `school-data`.
 *
 * A licence of N seats has slots 0…N-1, each a document `seat.<licence>.<slot>` created with
 * `create()`: Cosmos DB refuses a second document with the same id, so two launches that race
 * for one slot cannot both win, and the limit holds across instances without a shared counter
 * that every first launch of a class would contend on.
 *
 * A seat is freed when its holder leaves: deactivated (roster import, admin), erased (GDPR
 * erasure removes the person's documents, seats included), or, for a class licence, no longer
 * in the class. This is checked when the seats are full and when they are counted, not by
 * hooks in every place that can deactivate someone, so no path that removes a pupil can
 * forget it. A freed slot is taken over with an ETag-conditional replace: again one winner.
 */

export const Seat = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("seat"),
  providerId: z.string(),
  licenceId: z.string(),
  slot: z.int().min(0),
  personId: z.string(),
  claimedAt: z.string(),
});
export type Seat = z.infer<typeof Seat>;

type SeatedGrant = Pick<EntitlementGrant, "providerId" | "licenceId" | "scope"> & { seats: number };

const schoolData = () => documentStore().container("school-data");

/** Licence ids are the provider's (any characters, up to 200): hashed into a short, id-safe key. */
const seatKeyOf = (grant: Pick<EntitlementGrant, "providerId" | "licenceId">): string =>
  createHash("sha256").update(grantKeyOf(grant)).digest("base64url").slice(0, 22);
export const seatDocumentId = (grant: Pick<EntitlementGrant, "providerId" | "licenceId">, slot: number): string => `seat.${seatKeyOf(grant)}.${slot}`;

/** Every seat document of one licence at the school, including slots above a lowered limit. */
export async function seatsOf(schoolId: string, grant: Pick<EntitlementGrant, "providerId" | "licenceId">): Promise<Stored<Seat>[]> {
  return schoolData().query<Stored<Seat>>(
    {
      query: "SELECT * FROM c WHERE c.type = 'seat' AND c.providerId = @providerId AND c.licenceId = @licenceId",
      parameters: [
        { name: "@providerId", value: grant.providerId },
        { name: "@licenceId", value: grant.licenceId },
      ],
    },
    { partitionKey: schoolId },
  );
}

/** The people who may keep a seat of this licence: active, and for a class licence still in the class. */
async function eligibleHolders(schoolId: string, grant: SeatedGrant): Promise<Set<string>> {
  const active = await schoolData().query<string>(
    { query: "SELECT VALUE c.id FROM c WHERE c.type = 'person' AND c.status = 'active'" },
    { partitionKey: schoolId },
  );
  if (grant.scope.level !== "class") return new Set(active);
  const members = new Set(
    await schoolData().query<string>(
      {
        query: "SELECT VALUE c.personId FROM c WHERE c.type = 'membership' AND c.status = 'active' AND c.groupId = @groupId",
        parameters: [{ name: "@groupId", value: grant.scope.groupId ?? "" }],
      },
      { partitionKey: schoolId },
    ),
  );
  return new Set(active.filter((personId) => members.has(personId)));
}

/** How many seats of the licence are held by people who may still hold them. */
export async function seatsInUse(schoolId: string, grant: SeatedGrant): Promise<number> {
  const [held, eligible] = await Promise.all([seatsOf(schoolId, grant), eligibleHolders(schoolId, grant)]);
  return new Set(held.filter((seat) => seat.slot < grant.seats && eligible.has(seat.personId)).map((seat) => seat.personId)).size;
}

export type SeatOutcome = { kind: "seated"; slot: number } | { kind: "full"; seats: number };

const seatDocument = (schoolId: string, grant: SeatedGrant, slot: number, personId: string, now: Date): Seat => ({
  id: seatDocumentId(grant, slot),
  schoolId,
  type: "seat",
  providerId: grant.providerId,
  licenceId: grant.licenceId,
  slot,
  personId,
  claimedAt: now.toISOString(),
});

/**
 * The person's seat of the licence: the one they hold, else the first free slot, else one
 * whose holder left. Writes only when the person has no seat yet.
 */
export async function claimSeat(schoolId: string, grant: SeatedGrant, personId: string, now = new Date()): Promise<SeatOutcome> {
  const held = await seatsOf(schoolId, grant);
  const mine = held.filter((seat) => seat.personId === personId && seat.slot < grant.seats).sort((a, b) => a.slot - b.slot)[0];
  if (mine) return { kind: "seated", slot: mine.slot };

  const taken = new Set(held.map((seat) => seat.slot));
  for (let slot = 0; slot < grant.seats; slot++) {
    if (taken.has(slot)) continue;
    try {
      await schoolData().create(seatDocument(schoolId, grant, slot, personId, now));
      return keepOneSeat(schoolId, grant, personId, slot);
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
  }

  const eligible = await eligibleHolders(schoolId, grant);
  for (const seat of held.filter((held) => held.slot < grant.seats && !eligible.has(held.personId))) {
    try {
      await schoolData().replace(seatDocument(schoolId, grant, seat.slot, personId, now), seat._etag);
      return keepOneSeat(schoolId, grant, personId, seat.slot);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
    }
  }
  return { kind: "full", seats: grant.seats };
}

/**
 * Two first launches of one person on two instances at once can each win a slot; the person
 * keeps the lowest and gives the others back. One query, on a first launch only.
 */
async function keepOneSeat(schoolId: string, grant: SeatedGrant, personId: string, won: number): Promise<SeatOutcome> {
  const mine = (await seatsOf(schoolId, grant)).filter((seat) => seat.personId === personId && seat.slot < grant.seats).sort((a, b) => a.slot - b.slot);
  const kept = mine[0]?.slot ?? won;
  for (const extra of mine.slice(1)) await schoolData().delete(extra.id, schoolId);
  return { kind: "seated", slot: kept };
}
