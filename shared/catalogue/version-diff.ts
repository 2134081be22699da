import { z } from "zod";

/** One field that differs between the live and the pending version; absent on one side: added or removed. */
export const FieldChange = z
  .object({
    /** Dotted path, e.g. `metadata.title.nl` or `registration.redirectUris`. */
    path: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .meta({ id: "FieldChange" });
export type FieldChange = z.infer<typeof FieldChange>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON equality, where the order of an object's keys does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}

/**
 * What a reviewer must look at: the fields of `after` that differ from `before`, in the order
 * of their paths. Objects are compared field by field; lists (redirect URIs, subjects) and
 * scalars as a whole, so a reviewer sees the complete old and new list.
 */
export function diffVersions(before: unknown, after: unknown, path: string[] = []): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffVersions(before[key], after[key], [...path, key]));
  }
  if (sameValue(before, after)) return [];
  const at = path.join(".");
  // An object added or removed is listed field by field; an empty one as a whole.
  const fieldByField = isPlainObject(after) && before === undefined ? diffVersions({}, after, path) : isPlainObject(before) && after === undefined ? diffVersions(before, {}, path) : [];
  if (fieldByField.length > 0) return fieldByField;
  return [{ path: at, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}
