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

/**
 * The body as text, refused with 413 past `maxBytes`: by its Content-Length before reading, and
 * while reading when it has none (chunked), so a public route never buffers more than that.
 */
export async function readBodyText(request: HttpRequest, maxBytes: number): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw HttpProblem.payloadTooLarge(maxBytes);
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw HttpProblem.payloadTooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
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
