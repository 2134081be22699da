import { randomBytes } from "node:crypto";
import { blobStore } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { mediaUrl } from "./catalogue-entry.js";
import { maxMediaBytes, mediaTypes, type MediaType, type UploadedMedia } from "./media-upload.js";
import { MediaId } from "./metadata.js";

export { maxMediaBytes, mediaTypes, UploadedMedia, type MediaType } from "./media-upload.js";

/*
 * Logos and screenshots of tools, in the `tool-media` blob container under
 * `<providerId>/<mediaId>`. A provider uploads an image first and names its media id in the
 * tool's metadata; the change is reviewed like any other.
 */

const signatures: Record<MediaType, (bytes: Buffer) => boolean> = {
  "image/png": (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (bytes) => bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  "image/webp": (bytes) => bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP",
};

const typeOfMediaId = (mediaId: string): MediaType =>
  (Object.entries(mediaTypes).find(([, extension]) => mediaId.endsWith(`.${extension}`))![0]) as MediaType;

export async function uploadToolMedia(providerId: string, bytes: Buffer, contentType: string | null): Promise<UploadedMedia> {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(type in mediaTypes)) {
    throw new HttpProblem(415, "unsupported-media-type", "Unsupported media type", `Send an image as ${Object.keys(mediaTypes).join(", ")}`);
  }
  if (bytes.length === 0) throw new HttpProblem(400, "validation", "Invalid request", "The body is empty", [{ field: "body", message: "empty" }]);
  if (bytes.length > maxMediaBytes) throw HttpProblem.payloadTooLarge(maxMediaBytes);
  if (!signatures[type as MediaType](bytes)) {
    throw new HttpProblem(400, "validation", "Invalid request", `The body is not a ${type} image`, [{ field: "body", message: `not a ${type} image` }]);
  }
  const mediaId = `${randomBytes(16).toString("hex")}.${mediaTypes[type as MediaType]}`;
  await blobStore().put("tool-media", `${providerId}/${mediaId}`, bytes, type);
  return { mediaId, url: mediaUrl(providerId, mediaId) };
}

export async function mediaExists(providerId: string, mediaId: string): Promise<boolean> {
  const name = `${providerId}/${mediaId}`;
  return (await blobStore().list("tool-media", name)).includes(name);
}

export async function readToolMedia(providerId: string, mediaId: string): Promise<{ bytes: Buffer; contentType: MediaType } | undefined> {
  if (!MediaId.safeParse(mediaId).success || !/^[0-9a-f-]{36}$/.test(providerId)) return undefined;
  const bytes = await blobStore().get("tool-media", `${providerId}/${mediaId}`);
  return bytes ? { bytes, contentType: typeOfMediaId(mediaId) } : undefined;
}
