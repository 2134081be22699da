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
