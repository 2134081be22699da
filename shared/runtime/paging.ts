import { z } from "zod";

/*
 * Cursors of paged lists: a page's `nextCursor` is the sort key of its last item (the
 * adapters' SortKey), as base64url JSON, and the next request's `cursor` is read back by a
 * schema, so that one the server did not write is a 400 naming `query.cursor`.
 */

type KeyValue = string | number;

/**
 * The longest cursor read: a licence's key holds a provider's 200-character licence id, which
 * JSON may write in up to 1200 bytes (escaped control characters), base64url in a third more.
 */
const maxCursorLength = 2048;

export const cursorOf = (key: KeyValue[]): string => Buffer.from(JSON.stringify(key), "utf8").toString("base64url");

/** The `cursor` query parameter of a list whose sort key has the shape `key`. */
export function pageCursor<K extends z.ZodTuple<[z.ZodType<KeyValue>, ...z.ZodType<KeyValue>[]]>>(key: K) {
  return z
    .string()
    .max(maxCursorLength)
    .transform((cursor, context): z.infer<K> => {
      const text = Buffer.from(cursor, "base64url").toString("utf8");
      let decoded: unknown;
      try {
        decoded = Buffer.from(text, "utf8").toString("base64url") === cursor ? JSON.parse(text) : undefined;
      } catch {
        decoded = undefined;
      }
      const parsed = key.safeParse(decoded);
      if (parsed.success) return parsed.data;
      context.addIssue({ code: "custom", message: "is not a cursor of this list" });
      return z.NEVER;
    })
    .describe("The `nextCursor` of the previous page");
}
