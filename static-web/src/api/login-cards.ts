import "./zod.js";

// After zod.js: see there. The schemas are the API's own (browser-safe shared/identity/login-card.ts).
import {
  CardSignedIn,
  IssuedLoginCards,
  LoginCardList,
  LoginCardSettings,
  VoidedLoginCards,
  type IssuedLoginCard,
  type LoginCardSummary,
} from "../../../shared/identity/login-card.js";
import { getJson, send } from "./client.js";

export type { IssuedLoginCard, IssuedLoginCards, LoginCardList, LoginCardSummary };

/** Young pupils: the card's code (and PIN, where the school asks for one) starts a session. */
export async function signInWithCard(instellingsnummer: string, code: string, pin?: string): Promise<void> {
  await send("POST", "/api/auth/card", { instellingsnummer, code, ...(pin ? { pin } : {}) }, CardSignedIn);
}

export const listCards = (groupId?: string): Promise<LoginCardList> =>
  getJson(`/api/school/login-cards${groupId ? `?${new URLSearchParams({ groupId }).toString()}` : ""}`, LoginCardList);

/** New cards (voiding the pupils' current ones); the answer is the only place their codes ever appear. */
export const issueCards = (personIds: string[]): Promise<IssuedLoginCards> => send("POST", "/api/school/login-cards", { personIds }, IssuedLoginCards);

export const voidCardOf = async (personId: string): Promise<number> =>
  (await send("POST", "/api/school/login-cards/void", { personId }, VoidedLoginCards)).voided;

export const voidAllCards = async (): Promise<number> => (await send("POST", "/api/school/login-cards/void", { all: true }, VoidedLoginCards)).voided;

export const setPinRequired = async (pinRequired: boolean): Promise<boolean> =>
  (await send("PUT", "/api/school/login-card-settings", { pinRequired }, LoginCardSettings)).pinRequired;
