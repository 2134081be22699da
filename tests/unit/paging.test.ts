import { z } from "zod";
import { OperatorLicenceQuery } from "../../shared/licences/index.js";
import { cursorOf, pageCursor } from "../../shared/runtime/index.js";

/* The cursors of paged lists: every one the server writes is read back; others are refused. */

describe("a list's cursor", () => {
  it("reads back the cursor of a licence whose 200-character id is in any script or has quotes", () => {
    for (const licenceId of ["é".repeat(200), "\"".repeat(200), "\u0001".repeat(200), "学".repeat(200)]) {
      const key = ["2026-11-25T13:00:00.000Z", "4f1c2b9e-8d7a-4c3b-9e2f-1a2b3c4d5e6f", `licence.${licenceId}`];
      const read = OperatorLicenceQuery.safeParse({ cursor: cursorOf(key) });
      expect([licenceId.slice(0, 1), read.success && read.data.cursor]).toEqual([licenceId.slice(0, 1), key]);
    }
  });

  it("refuses a cursor of another shape, one that is not base64url JSON, and one written another way", () => {
    const cursor = pageCursor(z.tuple([z.string(), z.number().int()]));
    expect(cursor.safeParse(cursorOf(["a", 1])).success).toBe(true);
    expect(cursor.safeParse(cursorOf(["a", "1"])).success).toBe(false);
    expect(cursor.safeParse(cursorOf(["a", 1, "b"])).success).toBe(false);
    expect(cursor.safeParse("not*base64").success).toBe(false);
    expect(cursor.safeParse(Buffer.from("[\"a\",1").toString("base64url")).success).toBe(false);
    expect(cursor.safeParse(`${cursorOf(["a", 1])}=`).success).toBe(false);
  });
});
