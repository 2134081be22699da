import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Crockford's base32: digits and capitals without I, L, O and U, so that no two symbols look
 * alike on paper. Reading it back, i/l are taken as 1 and o as 0, and case does not matter.
 */
export const cardAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A login card's code: 12 symbols, printed in three groups of four, `K7M2-Q9XH-3PRT`. The
 * first 3 symbols name the card within its school (the key of a point
 * read), the next 8 are its secret (40 bits), the last is a Luhn mod 32 check symbol, so a
 * mistyped symbol or two swapped neighbours are caught before anything is looked up (and
 * never count as a failed attempt). Random content: 11 symbols = 55 bits.
 */
export const cardKeyLength = 3;
export const cardSecretLength = 8;
export const cardCodeLength = cardKeyLength + cardSecretLength + 1;
export const cardCodeBits = (cardKeyLength + cardSecretLength) * 5;

const valueOf = (symbol: string): number => cardAlphabet.indexOf(symbol);

/** Luhn mod N (N = 32) check symbol of `payload`. */
export function checkSymbolOf(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    const addend = factor * valueOf(payload[i]!);
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return cardAlphabet[(32 - (sum % 32)) % 32]!;
}

/** Upper case, without spaces or dashes, with the look-alikes i, l and o read as 1 and 0. */
export function normaliseCardCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s\-.]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
}

export const isWellFormedCardCode = (code: string): boolean =>
  code.length === cardCodeLength &&
  [...code].every((symbol) => cardAlphabet.includes(symbol)) &&
  checkSymbolOf(code.slice(0, -1)) === code.slice(-1);

/** A typed or scanned code: normalised, then checked for length, alphabet and check symbol. */
export const CardCode = z
  .string()
  .max(40)
  .transform(normaliseCardCode)
  .refine((code) => code.length === cardCodeLength, `a login card code has ${cardCodeLength} letters and digits`)
  .refine(isWellFormedCardCode, "this is not a login card code: check each letter and digit");

/** `K7M2Q9XH3PRT` → `K7M2-Q9XH-3PRT`, as printed. */
export const groupedCardCode = (code: string): string => code.match(/.{1,4}/g)!.join("-");

export interface CardCodeParts {
  /** Names the card within its school; part of the document id. */
  cardKey: string;
  secret: string;
}

export const partsOf = (code: string): CardCodeParts => ({
  cardKey: code.slice(0, cardKeyLength),
  secret: code.slice(cardKeyLength, cardKeyLength + cardSecretLength),
});

/** `random(n)` gives n random bytes; passed in so tests can be deterministic. */
export type RandomBytes = (size: number) => Buffer;

// 256 is a multiple of 32, so the low five bits of a random byte pick a symbol uniformly.
const randomSymbols = (count: number, random: RandomBytes): string =>
  [...random(count)].map((byte) => cardAlphabet[byte & 31]!).join("");

export const newCardKey = (random: RandomBytes = randomBytes): string => randomSymbols(cardKeyLength, random);

export function newCardCode(cardKey: string, random: RandomBytes = randomBytes): string {
  const payload = cardKey + randomSymbols(cardSecretLength, random);
  return payload + checkSymbolOf(payload);
}

/** A PIN of four digits, told to the pupil (and printed on the teacher's list, not on the card). */
export function newPin(random: RandomBytes = randomBytes): string {
  // Rejection sampling: 65536 is not a multiple of 10000.
  for (;;) {
    const value = random(2).readUInt16BE(0);
    if (value < 60000) return String(value % 10000).padStart(4, "0");
  }
}

export const Pin = z.string().regex(/^\d{4}$/, "a PIN has four digits");

export const newSalt = (random: RandomBytes = randomBytes): string => random(16).toString("base64url");

/**
 * The code's secret is random (40 bits), so a salted SHA-256 is enough to keep it out of the
 * database in readable form; what stops guessing online is the attempt limit.
 */
export function secretHashOf(salt: string, parts: { schoolId: string; cardKey: string; secret: string }): string {
  return createHash("sha256").update(`${salt}\n${parts.schoolId}\n${parts.cardKey}\n${parts.secret}`).digest("base64url");
}

export const pinHashOf = (salt: string, pin: string): string => createHash("sha256").update(`${salt}\npin\n${pin}`).digest("base64url");

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
