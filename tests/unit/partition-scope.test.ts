import { scopeToPartition } from "../../shared/adapters/index.js";

describe("scoping a query to one tenant's partition", () => {
  it("adds the partition condition to a query without WHERE, before ORDER BY", () => {
    expect(scopeToPartition({ query: "SELECT c.name FROM c ORDER BY c.name" }, "/schoolId", "s1")).toEqual({
      query: "SELECT c.name FROM c WHERE c.schoolId = @partitionKey ORDER BY c.name",
      parameters: [{ name: "@partitionKey", value: "s1" }],
    });
  });

  it("keeps an OR inside the tenant fence with parentheses", () => {
    const scoped = scopeToPartition(
      { query: "SELECT * FROM c WHERE c.type = @t OR c.type = 'x' OFFSET 0 LIMIT 10", parameters: [{ name: "@t", value: "class" }] },
      "/schoolId",
      "s1",
    );
    expect(scoped.query).toBe("SELECT * FROM c WHERE c.schoolId = @partitionKey AND (c.type = @t OR c.type = 'x') OFFSET 0 LIMIT 10");
    expect(scoped.parameters).toHaveLength(2);
  });

  it("refuses a query it cannot scope safely", () => {
    expect(() => scopeToPartition({ query: "SELECT * FROM root r" }, "/schoolId", "s1")).toThrow(/Cannot scope/);
  });
});
