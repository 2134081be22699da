import type { DataSharingSwitches } from "../catalogue/index.js";
import type { PersonView } from "./launch-context.js";
import type { PersonClaims } from "./message-hint.js";

/**
 * What a tool learns of a person: only what the school's switches for the tool allow (GDPR
 * Art. 25: nothing by default). The same rule for the launch's id_token and NRPS members.
 */
export function sharedPersonClaims(person: PersonView, sharing: DataSharingSwitches, pictureUrl: (blob: string) => string): PersonClaims {
  return {
    ...(sharing.name
      ? { name: [person.givenName, person.familyName].filter(Boolean).join(" "), given_name: person.givenName, ...(person.familyName ? { family_name: person.familyName } : {}) }
      : {}),
    ...(sharing.email && person.email ? { email: person.email } : {}),
    ...(sharing.picture && person.picture ? { picture: pictureUrl(person.picture) } : {}),
  };
}

/** Whether the switches share anything at all (else the person need not be read). */
export const sharesAnything = (sharing: DataSharingSwitches): boolean => sharing.name || sharing.email || sharing.picture;
