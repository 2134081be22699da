import { randomUUID } from "node:crypto";
import { AlreadyExists, createDocumentStore, PreconditionFailed } from "../../shared/adapters/index.js";
import { testSettings } from "../support/settings.js";

const store = createDocumentStore(testSettings());
const schoolData = store.container("school-data");

type ClassDoc = { id: string; schoolId: string; type: "class"; name: string; pupils: number };

const aClass = (schoolId: string, name: string): ClassDoc => ({ id: randomUUID(), schoolId, type: "class", name, pupils: 20 });

describe("the Cosmos document store on the emulator", () => {
  it("reads back what it wrote, with an ETag, and misses what is not there", async () => {
    const doc = aClass("school-a", "1A");
    const created = await schoolData.create(doc);
    expect(created._etag).toEqual(expect.any(String));
    expect(await schoolData.read<ClassDoc>(doc.id, "school-a")).toMatchObject({ name: "1A", pupils: 20 });
    expect(await schoolData.read(doc.id, "school-b")).toBeUndefined();
    await expect(schoolData.create(doc)).rejects.toBeInstanceOf(AlreadyExists);
  });

  it("replaces only when nobody changed the document since it was read", async () => {
    const created = await schoolData.create(aClass("school-a", "2B"));
    const updated = await schoolData.replace({ ...created, pupils: 21 }, created._etag);
    expect(updated.pupils).toBe(21);
    await expect(schoolData.replace({ ...created, pupils: 22 }, created._etag)).rejects.toBeInstanceOf(PreconditionFailed);
    expect((await schoolData.read<ClassDoc>(created.id, "school-a"))?.pupils).toBe(21);
  });

  it("queries within one partition with parameters", async () => {
    const school = `school-${randomUUID()}`;
    await schoolData.create(aClass(school, "3C"));
    await schoolData.create(aClass(school, "3D"));
    await schoolData.create(aClass("school-other", "3C"));
    const names = await schoolData.query<{ name: string }>(
      { query: "SELECT c.name FROM c WHERE c.type = @type ORDER BY c.name", parameters: [{ name: "@type", value: "class" }] },
      { partitionKey: school },
    );
    expect(names.map((n) => n.name)).toEqual(["3C", "3D"]);
  });

  it("deletes, and tells whether there was something to delete", async () => {
    const created = await schoolData.create(aClass("school-a", "4A"));
    expect(await schoolData.delete(created.id, "school-a")).toBe(true);
    expect(await schoolData.delete(created.id, "school-a")).toBe(false);
  });
});

describe("upserting many documents", () => {
  it("write many documents of several partitions and overwrite on a second run", async () => {
    const run = randomUUID();
    const docs = Array.from({ length: 250 }, (_, i) => ({ ...aClass(`school-bulk-${run}-${i % 3}`, `K${i}`), id: `${run}-${i}` }));
    await schoolData.upsertMany(docs);
    await schoolData.upsertMany(docs.map((d) => ({ ...d, pupils: 30 })));
    const stored = await schoolData.query<ClassDoc>(
      { query: "SELECT * FROM c WHERE c.type = 'class'" },
      { partitionKey: `school-bulk-${run}-1` },
    );
    expect(stored).toHaveLength(83);
    expect(stored.every((d) => d.pupils === 30)).toBe(true);
  });
});

describe("read-modify-write", () => {
  it("applies concurrent changes one after another, none lost", async () => {
    const created = await schoolData.create(aClass("school-modify", "5A"));
    await Promise.all(
      Array.from({ length: 4 }, () => schoolData.modify<ClassDoc>(created.id, "school-modify", (current) => ({ ...current, pupils: current.pupils + 1 }))),
    );
    expect((await schoolData.read<ClassDoc>(created.id, "school-modify"))?.pupils).toBe(24);
  });

  it("answers undefined for a missing document, or when the change declines", async () => {
    expect(await schoolData.modify<ClassDoc>("no-such-id", "school-modify", (current) => current)).toBeUndefined();
    const created = await schoolData.create(aClass("school-modify", "5B"));
    expect(await schoolData.modify<ClassDoc>(created.id, "school-modify", () => undefined)).toBeUndefined();
  });
});

describe("keyset paging", () => {
  type Row = { id: string; schoolId: string; type: string; at: string; rank: number };

  async function allPages(run: string, order: { fields: readonly [string, ...string[]]; descending?: boolean }, limit: number, partitionKey?: string): Promise<Row[][]> {
    const pages: Row[][] = [];
    let after: (string | number)[] | undefined;
    do {
      const page = await schoolData.page<Row>(
        { where: "c.type = @type", parameters: [{ name: "@type", value: run }], order, limit, ...(after ? { after } : {}) },
        partitionKey === undefined ? {} : { partitionKey },
      );
      pages.push(page.items);
      after = page.nextKey;
    } while (after);
    return pages;
  }

  // Ties on the first field straddle page ends: 5 documents share one time, 4 another.
  const times = ["2026-01-01", "2026-01-02", "2026-01-02", "2026-01-02", "2026-01-02", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-04", "2026-01-04", "2026-01-04", "2026-01-05"];

  it("gives every document exactly once, in the order of all its fields, across ties cut by a page's end", async () => {
    const run = `paged-${randomUUID()}`;
    const school = `school-${randomUUID()}`;
    const rows: Row[] = times.map((at, index) => ({ id: `${run}-${String((index * 7) % 12).padStart(2, "0")}`, schoolId: school, type: run, at, rank: index % 3 }));
    await schoolData.upsertMany(rows);
    const byKey = (a: Row, b: Row) => a.at.localeCompare(b.at) || a.rank - b.rank || a.id.localeCompare(b.id);

    const ascending = await allPages(run, { fields: ["at", "rank", "id"] }, 3, school);
    expect(ascending.map((page) => page.length)).toEqual([3, 3, 3, 3]);
    expect(ascending.flat().map((row) => row.id)).toEqual([...rows].sort(byKey).map((row) => row.id));

    const descending = await allPages(run, { fields: ["at", "rank", "id"], descending: true }, 5, school);
    expect(descending.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(descending.flat().map((row) => row.id)).toEqual([...rows].sort(byKey).reverse().map((row) => row.id));
  }, 180_000);

  it("pages across partitions, breaking ties with the partition key", async () => {
    const run = `paged-${randomUUID()}`;
    const rows: Row[] = times.map((at, index) => ({ id: `${run}-${index % 4}`, schoolId: `school-${run}-${index % 3}`, type: run, at, rank: 0 }));
    await schoolData.upsertMany(rows);
    const pages = await allPages(run, { fields: ["at", "schoolId", "id"], descending: true }, 4);
    const seen = pages.flat().map((row) => `${row.schoolId}/${row.id}`);
    expect(new Set(seen).size).toBe(new Set(rows.map((row) => `${row.schoolId}/${row.id}`)).size);
    expect(seen).toEqual(
      [...new Map(rows.map((row) => [`${row.schoolId}/${row.id}`, row])).values()]
        .sort((a, b) => b.at.localeCompare(a.at) || b.schoolId.localeCompare(a.schoolId) || b.id.localeCompare(a.id))
        .map((row) => `${row.schoolId}/${row.id}`),
    );
  }, 180_000);

  it("reads at most a page and one more per query, however many documents share a sort value", async () => {
    const run = `paged-${randomUUID()}`;
    const school = `school-${randomUUID()}`;
    // One time for all, as a licence snapshot writes them: the tie is the whole list.
    const rows: Row[] = Array.from({ length: 30 }, (_, index) => ({ id: `${run}-${String(index).padStart(2, "0")}`, schoolId: school, type: run, at: "2026-01-02", rank: index % 2 }));
    await schoolData.upsertMany(rows);
    const query = schoolData.query;
    const returned: number[] = [];
    schoolData.query = async <T>(...args: Parameters<typeof query>): Promise<T[]> => {
      const found = await query.apply<typeof schoolData, Parameters<typeof query>, Promise<T[]>>(schoolData, args);
      returned.push(found.length);
      return found;
    };
    try {
      const pages = await allPages(run, { fields: ["at", "rank", "id"], descending: true }, 4, school);
      expect(pages.flat().map((row) => row.id)).toEqual([...rows].sort((a, b) => b.rank - a.rank || b.id.localeCompare(a.id)).map((row) => row.id));
      expect(Math.max(...returned)).toBeLessThanOrEqual(5);
    } finally {
      schoolData.query = query;
    }
  }, 180_000);

  it("answers an empty last page without a next key", async () => {
    const page = await schoolData.page({ where: "c.type = @type", parameters: [{ name: "@type", value: `none-${randomUUID()}` }], order: { fields: ["id"] }, limit: 5 });
    expect(page).toEqual({ items: [] });
  });
});
