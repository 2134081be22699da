import { z } from "zod";
import { MediaId } from "./metadata.js";

/* What a provider may upload as a tool's logo or screenshot, and the answer. Browser-safe (zod only). */

/** Raster images only: an SVG can carry script. */
export const mediaTypes = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
export type MediaType = keyof typeof mediaTypes;
export const maxMediaBytes = 2 * 1024 * 1024;

export const UploadedMedia = z.object({ mediaId: MediaId, url: z.string() }).meta({ id: "UploadedMedia" });
export type UploadedMedia = z.infer<typeof UploadedMedia>;
