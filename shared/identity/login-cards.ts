import { z } from "zod";
import QRCode from "qrcode";
import { AlreadyExists, blobStore, documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import { HttpProblem, type Cookie } from "../runtime/index.js";
import {
  displayNameOf,
  Instellingsnummer,
  listMemberships,
  readPerson,
  readTenant,
  requireGroup,
  tenantIdOf,
  type Person,
  type SchoolScope,
  type Tenant,
} from "../schools/index.js";
import {
  CardCode,
  groupedCardCode,
  newCardCode,
  newCardKey,
  newPin,
  newSalt,
  partsOf,
  Pin,
  pinHashOf,
  sameHash,
  secretHashOf,
  type RandomBytes,
} from "./card-codes.js";
import { httpOnlyCookie, sessionCookieName } from "./cookies.js";
import { IssuedLoginCard, LoginCard, type IssuedLoginCards, type IssueLoginCards, type LoginCardList } from "./login-card.js";
import { assertAttemptsLeft, attemptCounterId, recordFailedAttempt, type AttemptLimit } from "./rate-limit.js";
import { createSession, endSession } from "./sessions.js";

export { CardCode, cardCodeBits, cardCodeLength, checkSymbolOf, groupedCardCode, isWellFormedCardCode, normaliseCardCode } from "./card-codes.js";
export {
  CardSignedIn,
  IssuedLoginCard,
  IssuedLoginCards,
  IssueLoginCards,
  LoginCard,
  LoginCardList,
  LoginCardSettings,
  LoginCardSummary,
  VoidedLoginCards,
  VoidLoginCards,
} from "./login-card.js";
export { clientAddressOf } from "./rate-limit.js";

/** Failed card sign-ins per school and client device before it has to wait. */
export const cardSignInLimit: AttemptLimit = { maxFailures: 10, windowSeconds: 600 };

const schoolData = () => documentStore().container("school-data");
const cardIdOf = (cardKey: string): string => `login-card-${cardKey}`;

// ---------------------------------------------------------------------------------------------
// Issuing

const notAPupil = (field: string): HttpProblem =>
  new HttpProblem(400, "validation", "Invalid request", `${field} is not an active pupil`, [
    { field, message: "is not an active pupil of this school" },
  ]);

async function schoolOf(scope: SchoolScope): Promise<Tenant & { instellingsnummer: string }> {
  const school = await readTenant(scope.schoolId);
  if (!school?.instellingsnummer) {
    throw new HttpProblem(409, "no-instellingsnummer", "No instellingsnummer", "Login cards are for schools with an instellingsnummer");
  }
  return school as Tenant & { instellingsnummer: string };
}

const isActivePupil = (person: Person): boolean => person.status === "active" && person.roles.includes("pupil");

/** The pupils a request names: each listed id must be an active pupil of this school; a class gives its active pupils. */
async function pupilsOf(scope: SchoolScope, request: IssueLoginCards): Promise<Person[]> {
  const pupils = new Map<string, Person>();
  for (const [index, personId] of (request.personIds ?? []).entries()) {
    const person = await readPerson(scope, personId);
    if (!person) throw HttpProblem.notFound(`No person ${personId} in this school`);
    if (!isActivePupil(person)) throw notAPupil(`body.personIds.${index}`);
    pupils.set(person.id, person);
  }
  if (request.groupId) {
    await requireGroup(scope, request.groupId);
    for (const membership of await listMemberships(scope, { groupId: request.groupId })) {
      if (membership.role !== "pupil" || pupils.has(membership.personId)) continue;
      const person = await readPerson(scope, membership.personId);
      if (person && isActivePupil(person)) pupils.set(person.id, person);
    }
  }
  const collator = new Intl.Collator("nl", { sensitivity: "base" });
  return [...pupils.values()].sort((a, b) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName));
}

const pictureTypes: [type: string, matches: (bytes: Buffer) => boolean][] = [
  ["image/png", (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))],
  ["image/jpeg", (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))],
  ["image/webp", (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP"],
];
const largestPrintedPicture = 256 * 1024;

/** The pupil's picture for the card, when there is one of a known image type and a printable size. */
async function pictureOf(person: Person): Promise<string | undefined> {
  if (!person.picture) return undefined;
  const bytes = await blobStore().get("profile-pictures", person.picture);
  if (!bytes || bytes.length > largestPrintedPicture) return undefined;
  const type = pictureTypes.find(([, matches]) => matches(bytes))?.[0];
  return type ? `data:${type};base64,${bytes.toString("base64")}` : undefined;
}

async function activeCardsOf(scope: SchoolScope, personId?: string): Promise<Stored<LoginCard>[]> {
  return schoolData().query<Stored<LoginCard>>(
    {
      query: `SELECT * FROM c WHERE c.type = 'login-card' AND NOT IS_DEFINED(c.voidedAt)${personId ? " AND c.personId = @personId" : ""}`,
      parameters: personId ? [{ name: "@personId", value: personId }] : [],
    },
    { partitionKey: scope.schoolId },
  );
}

async function voidCard(card: Stored<LoginCard>, voidedBy: string, now: Date): Promise<boolean> {
  let current: Stored<LoginCard> | undefined = card;
  for (let attempt = 0; attempt < 5 && current; attempt++) {
    if (current.voidedAt) return false;
    try {
      await schoolData().replace<LoginCard>({ ...current, voidedAt: now.toISOString(), voidedBy }, current._etag);
      return true;
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      current = await schoolData().read<LoginCard>(card.id, card.schoolId);
    }
  }
  return false;
}

/** Creates a card under a fresh key; keys are short, so a key taken in this school is drawn again. */
async function createCard(
  scope: SchoolScope,
  personId: string,
  secrets: { pin?: string },
  issuedBy: string,
  now: Date,
  random: RandomBytes | undefined,
): Promise<{ card: LoginCard; code: string }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const cardKey = newCardKey(random);
    const code = newCardCode(cardKey, random);
    const salt = newSalt(random);
    const card: LoginCard = {
      id: cardIdOf(cardKey),
      schoolId: scope.schoolId,
      type: "login-card",
      personId,
      salt,
      secretHash: secretHashOf(salt, { schoolId: scope.schoolId, ...partsOf(code) }),
      ...(secrets.pin ? { pinHash: pinHashOf(salt, secrets.pin) } : {}),
      issuedAt: now.toISOString(),
      issuedBy,
    };
    try {
      await schoolData().create(card);
      return { card, code };
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
  }
  throw new Error(`No free login card key in ${scope.schoolId} after 50 draws`);
}

/**
 * The newest card of a person is the one that counts; any older one still active is voided.
 * Two teachers reissuing at the same moment agree on which card survives.
 */
async function keepNewestCard(scope: SchoolScope, personId: string, issuedBy: string, now: Date): Promise<void> {
  const active = await activeCardsOf(scope, personId);
  const newest = active.reduce<Stored<LoginCard> | undefined>(
    (best, card) => (!best || card.issuedAt > best.issuedAt || (card.issuedAt === best.issuedAt && card.id > best.id) ? card : best),
    undefined,
  );
  for (const card of active) if (card !== newest) await voidCard(card, issuedBy, now);
}

export const cardUrlOf = (instellingsnummer: string, code: string): string =>
  `${appSettings().PUBLIC_BASE_URL}/kaart/${instellingsnummer}#${code}`;

/** Issues a new card to each pupil named (voiding the card each had) and returns the codes, once. */
export async function issueLoginCards(
  scope: SchoolScope,
  request: IssueLoginCards,
  issuedBy: string,
  options: { now?: Date; random?: RandomBytes } = {},
): Promise<IssuedLoginCards> {
  const now = options.now ?? new Date();
  const school = await schoolOf(scope);
  const pinRequired = school.loginCardPinRequired ?? false;
  const pupils = await pupilsOf(scope, request);
  const cards: IssuedLoginCard[] = [];
  for (const pupil of pupils) {
    const pin = pinRequired ? newPin(options.random) : undefined;
    const { card, code } = await createCard(scope, pupil.id, pin ? { pin } : {}, issuedBy, now, options.random);
    await keepNewestCard(scope, pupil.id, issuedBy, now);
    const url = cardUrlOf(school.instellingsnummer, code);
    const picture = await pictureOf(pupil);
    cards.push({
      cardId: card.id,
      personId: pupil.id,
      givenName: pupil.givenName,
      familyName: pupil.familyName,
      displayName: displayNameOf(pupil),
      ...(pupil.avatar ? { avatar: pupil.avatar } : {}),
      ...(picture ? { picture } : {}),
      code: groupedCardCode(code),
      url,
      qrSvg: await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }),
      ...(pin ? { pin } : {}),
      issuedAt: card.issuedAt,
    });
  }
  return { school: { name: school.name, instellingsnummer: school.instellingsnummer }, pinRequired, cards };
}

// ---------------------------------------------------------------------------------------------
// Listing and voiding

/** Which pupils (of a class, or of the school) have an active card; never the codes. */
export async function listLoginCards(scope: SchoolScope, filter: { groupId?: string } = {}): Promise<LoginCardList> {
  const school = await readTenant(scope.schoolId);
  let cards = await activeCardsOf(scope);
  if (filter.groupId) {
    await requireGroup(scope, filter.groupId);
    const members = new Set((await listMemberships(scope, { groupId: filter.groupId })).map((m) => m.personId));
    cards = cards.filter((card) => members.has(card.personId));
  }
  return {
    pinRequired: school?.loginCardPinRequired ?? false,
    cards: cards.map((card) => ({ personId: card.personId, cardId: card.id, issuedAt: card.issuedAt, hasPin: card.pinHash !== undefined })),
  };
}

/** Voids the active card of one pupil; 404 when the person is not of this school. */
export async function voidLoginCardOf(scope: SchoolScope, personId: string, voidedBy: string, now = new Date()): Promise<number> {
  if (!(await readPerson(scope, personId))) throw HttpProblem.notFound(`No person ${personId} in this school`);
  let voided = 0;
  for (const card of await activeCardsOf(scope, personId)) if (await voidCard(card, voidedBy, now)) voided++;
  return voided;
}

/** Voids every card of the school, e.g. at the end of the school year. */
export async function voidAllLoginCards(scope: SchoolScope, voidedBy: string, now = new Date()): Promise<number> {
  let voided = 0;
  for (const card of await activeCardsOf(scope)) if (await voidCard(card, voidedBy, now)) voided++;
  return voided;
}

// ---------------------------------------------------------------------------------------------
// Signing in

export const CardSignIn = z.object({
  instellingsnummer: Instellingsnummer,
  code: CardCode,
  pin: Pin.optional(),
});
export type CardSignIn = z.infer<typeof CardSignIn>;

/** The same answer for a wrong code, a wrong PIN, a voided card or a pupil who left: nothing to learn from it. */
export const cardRefused = (): HttpProblem =>
  new HttpProblem(401, "card-refused", "Card not accepted", "This code and PIN do not open a valid login card of this school");

/** Depends on the school's setting only, never on the code, so it tells nothing about the card. */
export const pinRequired = (): HttpProblem =>
  new HttpProblem(401, "pin-required", "PIN needed", "This school asks for the pupil's PIN together with the card", [
    { field: "body.pin", message: "required by this school" },
  ]);

const unknownSchool = (): HttpProblem =>
  new HttpProblem(404, "unknown-school", "Unknown school", "No school with this instellingsnummer uses Leerspoor", [
    { field: "body.instellingsnummer", message: "no school with this number uses Leerspoor" },
  ]);

// Compared against when no card has the key, so that a missing card costs the same work.
const absentCard = { salt: newSalt(), secretHash: "-".repeat(43) };

/** The pupil whose card this is, or undefined for any reason that the caller must not learn. */
async function holderOf(school: Tenant, input: CardSignIn): Promise<Person | undefined> {
  const { cardKey, secret } = partsOf(input.code);
  const found = await schoolData().read<LoginCard>(cardIdOf(cardKey), school.id);
  const card = found?.type === "login-card" ? found : undefined;
  const reference = card ?? absentCard;
  const secretMatches = sameHash(secretHashOf(reference.salt, { schoolId: school.id, cardKey, secret }), reference.secretHash);
  if (!card || !secretMatches || card.voidedAt) return undefined;
  if (school.loginCardPinRequired && (!card.pinHash || !input.pin || !sameHash(pinHashOf(card.salt, input.pin), card.pinHash))) return undefined;
  const person = await readPerson({ schoolId: school.id }, card.personId);
  return person && isActivePupil(person) ? person : undefined;
}

/**
 * Signs a pupil in with a card. The card is looked up only in the partition of the school
 * that the instellingsnummer names, so another school's card is simply not found. Failures
 * count per school and client device; past the limit the device waits (429) before it may
 * try again, even with a right code.
 */
export async function signInWithLoginCard(
  input: CardSignIn,
  device: { client: string; previousSessionId?: string },
  options: { now?: Date; limit?: AttemptLimit } = {},
): Promise<{ displayName: string; cookies: Cookie[] }> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? cardSignInLimit;
  const school = await readTenant(tenantIdOf({ tenantType: "school", name: "-", instellingsnummer: input.instellingsnummer }));
  if (!school || school.tenantType !== "school") throw unknownSchool();
  const counterId = attemptCounterId(`login-card:${school.id}`, device.client);
  await assertAttemptsLeft(counterId, limit, now);
  if (school.loginCardPinRequired && !input.pin) throw pinRequired();

  const pupil = await holderOf(school, input);
  if (!pupil) {
    await recordFailedAttempt(counterId, limit, now);
    throw cardRefused();
  }
  // A shared class device: whoever was signed in on it is signed out.
  if (device.previousSessionId) await endSession(device.previousSessionId);
  // A card is a weak credential made for young pupils: it never carries a staff role.
  const session = await createSession({ personId: pupil.id, displayName: displayNameOf(pupil), roles: ["pupil"], schoolId: school.id }, now);
  const maxAge = Math.ceil((Date.parse(session.absoluteExpiresAt) - now.getTime()) / 1000);
  return { displayName: session.displayName, cookies: [httpOnlyCookie(sessionCookieName(), session.id, maxAge)] };
}
