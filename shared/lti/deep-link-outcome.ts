import { z } from "zod";
import { HttpProblem } from "../runtime/index.js";
import { DeepLinkOutcomeView } from "./deep-link-outcome-view.js";
import type { LtiPlatform } from "./platform.js";
import { seal, SealRefused, unsealWithKeys } from "./sealed-token.js";

/*
 * After a deep-linking return the teacher's browser goes back to the class page. What it is
 * told there (the count, and the tool's msg and errormsg) travels sealed in the address, bound
 * to the teacher, school and class, for a few minutes: a link someone else made cannot put
 * words on the class page, and the address shows nothing of what the tool said.
 */

const outcomeTyp = "lti-deep-linking-outcome";
/** Long enough for the class page to load on a slow connection; the page asks once and drops it from the address. */
export const deepLinkOutcomeLifetimeSeconds = 600;

const SealedOutcome = DeepLinkOutcomeView.extend({ personId: z.string(), schoolId: z.string(), groupId: z.string() });

/** Who may read an outcome: the teacher who picked the content, in the school and class it was picked for. */
export interface OutcomeReader {
  personId: string;
  schoolId: string;
  groupId: string;
}

/**
 * The bytes each of the tool's texts may take in the sealed JSON: the token travels in the class
 * page's address and back in the API's, and Azure Functions refuses a URL longer than 4 KB.
 * A tool's 1000 characters may be three bytes each, or six once escaped.
 */
const maxSealedTextBytes = 1000;
const ellipsis = "…";

function fitted(text: string): string {
  const bytesOf = (value: string) => Buffer.byteLength(JSON.stringify(value), "utf8") - 2;
  if (bytesOf(text) <= maxSealedTextBytes) return text;
  let kept = "";
  let bytes = bytesOf(ellipsis);
  for (const character of text) {
    bytes += bytesOf(character);
    if (bytes > maxSealedTextBytes) break;
    kept += character;
  }
  return `${kept}${ellipsis}`;
}

/** The sealed outcome the return redirect carries. */
export async function sealDeepLinkOutcome(platform: LtiPlatform, reader: OutcomeReader, outcome: DeepLinkOutcomeView): Promise<string> {
  const { added, message, errorMessage } = DeepLinkOutcomeView.parse(outcome);
  const view = { added, ...(message ? { message: fitted(message) } : {}), ...(errorMessage ? { errorMessage: fitted(errorMessage) } : {}) };
  return seal(outcomeTyp, { ...view, ...reader }, await platform.keys.ring(), platform.clock(), deepLinkOutcomeLifetimeSeconds).token;
}

/** Opens an outcome for the reader; 400 naming `query.token` when it was altered, expired, or sealed for someone or somewhere else. */
export async function openDeepLinkOutcome(platform: LtiPlatform, token: string, reader: OutcomeReader): Promise<DeepLinkOutcomeView> {
  const refuse = (message: string) => new HttpProblem(400, "validation", "Invalid request", "Invalid query.token", [{ field: "query.token", message }]);
  let opened: z.infer<typeof SealedOutcome>;
  try {
    opened = await unsealWithKeys(platform.keys, outcomeTyp, token, platform.clock(), SealedOutcome);
  } catch (error) {
    if (!(error instanceof SealRefused)) throw error;
    throw refuse(error.problem === "expired" ? "expired" : "not an outcome this portal gave out");
  }
  if (opened.personId !== reader.personId || opened.schoolId !== reader.schoolId || opened.groupId !== reader.groupId) {
    throw refuse("issued for another teacher or class");
  }
  const { added, message, errorMessage } = opened;
  return { added, ...(message ? { message } : {}), ...(errorMessage ? { errorMessage } : {}) };
}
