import { z } from "zod";
import { blobStore } from "../adapters/index.js";
import type { KeyRing } from "./key-ring.js";
import { seal, SealRefused, unseal } from "./sealed-token.js";

/*
 * The `picture` claim (OIDC Core §5.1) is a URL the tool fetches. A person's picture is a
 * private blob, so the URL is a capability: a sealed reference to that one blob, made at
 * launch without I/O, valid for a day (far less than the overlap during which its sealing
 * key stays known), and only minted when the school shares pictures with the tool.
 */

const pictureType = "lti-picture+jwt";
export const pictureLinkLifetimeSeconds = 24 * 60 * 60;

const PictureRef = z.object({ schoolId: z.string(), blob: z.string() });
type PictureRef = z.infer<typeof PictureRef>;

export function pictureUrlOf(issuer: string, ring: KeyRing, ref: PictureRef, now: Date): string {
  return `${issuer}/api/lti/pictures/${seal(pictureType, ref, ring, now, pictureLinkLifetimeSeconds).token}`;
}

const imageTypes: [type: string, matches: (bytes: Buffer) => boolean][] = [
  ["image/png", (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))],
  ["image/jpeg", (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))],
  ["image/webp", (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP"],
];

/** The picture behind a link from `pictureUrlOf`; undefined when the link is not valid (any more) or the blob is gone or not an image. */
export async function pictureBehind(token: string, ring: KeyRing, now: Date): Promise<{ bytes: Buffer; contentType: string } | undefined> {
  let ref: PictureRef;
  try {
    ref = unseal(pictureType, token, ring, now, PictureRef);
  } catch (error) {
    if (error instanceof SealRefused) return undefined;
    throw error;
  }
  const bytes = await blobStore().get("profile-pictures", ref.blob);
  const contentType = bytes && imageTypes.find(([, matches]) => matches(bytes))?.[0];
  return bytes && contentType ? { bytes, contentType } : undefined;
}
