import { randomUUID } from "node:crypto";
import { createBlobStore } from "../../shared/adapters/index.js";
import { testSettings } from "../support/settings.js";

const blobs = createBlobStore(testSettings());

describe("the blob store on Azurite", () => {
  it("stores, lists and deletes a file", async () => {
    const prefix = `school-a/${randomUUID()}/`;
    await blobs.put("roster-files", `${prefix}roster.csv`, "name,class\nAnna,1A\n", "text/csv");
    expect((await blobs.get("roster-files", `${prefix}roster.csv`))?.toString()).toBe("name,class\nAnna,1A\n");
    expect(await blobs.list("roster-files", prefix)).toEqual([`${prefix}roster.csv`]);
    expect(await blobs.delete("roster-files", `${prefix}roster.csv`)).toBe(true);
    expect(await blobs.get("roster-files", `${prefix}roster.csv`)).toBeUndefined();
  });

  it("appends lines to an NDJSON blob", async () => {
    const name = `day-${randomUUID()}.ndjson`;
    await blobs.appendLine("analytics-events", name, JSON.stringify({ n: 1 }));
    await blobs.appendLine("analytics-events", name, JSON.stringify({ n: 2 }));
    const lines = (await blobs.get("analytics-events", name))!.toString().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
