import type { Person } from "../schools/index.js";

/*
 * Finding a person in data that was not made with them in mind: rows of roster uploads, error
 * reports, import records. Pure functions, so that the rules can be tested on their own.
 */

/** What identifies a person in free text and in rows of other systems. */
export interface PersonIdentifiers {
  personId: string;
  givenName: string;
  familyName: string;
  email?: string;
  leerId?: string;
  sourcedId?: string;
}

export const identifiersOf = (person: Pick<Person, "id" | "givenName" | "familyName" | "email" | "leerId" | "sourcedId">): PersonIdentifiers => ({
  personId: person.id,
  givenName: person.givenName,
  familyName: person.familyName,
  ...(person.email ? { email: person.email } : {}),
  ...(person.leerId ? { leerId: person.leerId } : {}),
  ...(person.sourcedId ? { sourcedId: person.sourcedId } : {}),
});

/** What replaces a person's value in a record that the school keeps. */
export const erasedMarker = "[erased]";

/** Shorter ids (a roster id like "12") would match unrelated numbers in text. */
const shortestDistinctive = 4;

const normalise = (text: string): string => text.normalize("NFC");
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Values that single out the person by themselves: e-mail, LeerID, roster id, and the full name
 * in the orders that lists use ("Emma Janssens", "Janssens Emma", "Janssens, Emma"). A given name
 * alone is not one: it would match every Emma of the school.
 */
export function distinctiveValues(ids: PersonIdentifiers): string[] {
  const given = normalise(ids.givenName).trim();
  const family = normalise(ids.familyName).trim();
  const names = family ? [`${given} ${family}`, `${family} ${given}`, `${family}, ${given}`] : [];
  return [...new Set([ids.email, ids.leerId, ids.sourcedId, ...names].filter((value): value is string => (value?.trim().length ?? 0) >= shortestDistinctive))];
}

/** A pattern for `value` as a whole term: not inside a longer word or number, any case, any spacing. */
function termPattern(value: string, flags = "iu"): RegExp {
  const words = normalise(value).trim().split(/\s+/).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join("\\s+")}(?![\\p{L}\\p{N}])`, flags);
}

const sameValue = (a: string, b: string): boolean =>
  normalise(a).trim().replace(/\s+/g, " ").toLocaleLowerCase("nl") === normalise(b).trim().replace(/\s+/g, " ").toLocaleLowerCase("nl");

const cellsOf = (line: string): string[] => line.split(/[,;\t|]/).map((cell) => cell.trim().replace(/^"|"$/g, "").trim());

/**
 * Whether one line of text (a CSV row, a message) is about the person: it contains a distinctive
 * value, or their roster id or LeerID as a cell of its own, or both their given and family name
 * as cells (a roster row with the names in separate columns).
 */
export function lineMentions(line: string, ids: PersonIdentifiers): boolean {
  const text = normalise(line);
  if (distinctiveValues(ids).some((value) => termPattern(value).test(text))) return true;
  const cells = cellsOf(text);
  const hasCell = (value: string | undefined) => value !== undefined && value.trim() !== "" && cells.some((cell) => sameValue(cell, value));
  if (hasCell(ids.sourcedId) || hasCell(ids.leerId) || hasCell(ids.personId)) return true;
  return ids.familyName.trim() !== "" && hasCell(ids.givenName) && hasCell(ids.familyName);
}

/** The lines of `text` that are about the person. */
export const linesMentioning = (text: string, ids: PersonIdentifiers): string[] =>
  text.split(/\r?\n/).filter((line) => line.trim() !== "" && lineMentions(line, ids));

export const textMentions = (text: string, ids: PersonIdentifiers): boolean => linesMentioning(text, ids).length > 0;

/** Keys of a stored document that are the store's or the tenant's, never the person's data. */
const recordKeys = new Set(["id", "schoolId", "type", "kind"]);
const isRecordKey = (key: string): boolean => recordKeys.has(key) || key.startsWith("_");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (value: unknown): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether an object (a row of an import record) is about the person: one of its own string
 * fields is their id, e-mail, LeerID or roster id, or it has both their given and family name.
 */
export function objectIsAbout(value: Record<string, unknown>, ids: PersonIdentifiers): boolean {
  const strings = Object.entries(value)
    .filter(([key, field]) => !isRecordKey(key) && typeof field === "string")
    .map(([, field]) => field as string);
  const has = (wanted: string | undefined) => wanted !== undefined && wanted.trim() !== "" && strings.some((field) => sameValue(field, wanted));
  if ([ids.personId, ids.email, ids.leerId, ids.sourcedId, ...distinctiveValues(ids)].some(has)) return true;
  return ids.familyName.trim() !== "" && has(ids.givenName) && has(ids.familyName);
}

/**
 * Every object inside the record `value` that is about the person, for an export. The record
 * itself never counts as one: it may name the person as the one who made it (`createdBy`)
 * while its rows are about everyone else.
 */
export function objectsAbout(value: unknown, ids: PersonIdentifiers, isRecord = true): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap((item) => objectsAbout(item, ids, false));
  if (!isObject(value)) return [];
  if (!isRecord && objectIsAbout(value, ids)) return [value];
  return Object.entries(value).flatMap(([key, field]) => (isRecordKey(key) ? [] : objectsAbout(field, ids, false)));
}

/**
 * The record `value` with the person taken out: in an object about them, every field holding one of their
 * values (names included) becomes the marker; in any text, each distinctive value does. Their
 * id stays, as in the audit log: once they are erased it points at nothing.
 */
export function redactMentions<T>(value: T, ids: PersonIdentifiers): { value: T; changed: boolean } {
  const patterns = distinctiveValues(ids).map((term) => termPattern(term, "giu"));
  const ownValues = [ids.givenName, ids.familyName, ids.email, ids.leerId, ids.sourcedId].filter((v): v is string => Boolean(v?.trim()));
  let changed = false;

  const redactText = (text: string): string => {
    const result = patterns.reduce((current, pattern) => current.replace(pattern, erasedMarker), normalise(text));
    if (result !== normalise(text)) changed = true;
    return result === normalise(text) ? text : result;
  };

  const walk = (node: Json, about: boolean, isRecord = false): Json => {
    if (typeof node === "string") {
      if (about && ownValues.some((own) => sameValue(node, own))) {
        changed = true;
        return erasedMarker;
      }
      return redactText(node);
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, about));
    if (!isObject(node)) return node;
    const isAbout = about || (!isRecord && objectIsAbout(node, ids));
    return Object.fromEntries(Object.entries(node).map(([key, field]) => [key, isRecordKey(key) ? field : walk(field, isAbout)]));
  };

  const result = walk(value as Json, false, true) as T;
  return { value: changed ? result : value, changed };
}
