import type { HttpRequest } from "@azure/functions";
import type { z } from "zod";
import { HttpProblem } from "./problem.js";

/** Parses the JSON body with `schema`; a bad body is a 400 naming each field. */
export async function readJsonBody<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<T> {
  const text = await request.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new HttpProblem(400, "malformed-json", "Malformed JSON", "The body is not valid JSON", [
      { field: "body", message: "not valid JSON" },
    ]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw HttpProblem.validation("body", parsed.error);
  return parsed.data;
}

/** What a body reader needs of a request (an HttpRequest has it): its headers and its body as a web stream. */
export interface StreamedBody {
  headers: { get(name: string): string | null };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}

/**
 * The body's bytes, refused with 413 past `maxBytes`: by its Content-Length before reading, and
 * while reading when it has none (chunked), so a public route never buffers more than that.
 */
export async function readBodyBytes(request: StreamedBody, maxBytes: number): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw HttpProblem.payloadTooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      size += value.byteLength;
      if (size > maxBytes) throw HttpProblem.payloadTooLarge(maxBytes);
      chunks.push(value);
    }
  } finally {
    // Stops the stream's source at once when the limit is passed (a no-op once it is drained).
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text, with readBodyBytes' limit. */
export async function readBodyText(request: StreamedBody, maxBytes: number): Promise<string> {
  return (await readBodyBytes(request, maxBytes)).toString("utf8");
}

export function readQuery<T>(request: HttpRequest, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(Object.fromEntries(request.query));
  if (!parsed.success) throw HttpProblem.validation("query", parsed.error);
  return parsed.data;
}

export function readParams<T>(request: HttpRequest, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(request.params);
  if (!parsed.success) throw HttpProblem.validation("params", parsed.error);
  return parsed.data;
}
