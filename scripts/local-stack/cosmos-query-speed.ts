import { createRequire } from "node:module";

/**
 * @vercel/cosmosdb-server runs each query through @zeit/cosmosdb-query, whose generated code
 * collects the FROM items with `reduce(($, c) => [...$, { c }], [])` and whose result cleaner
 * (`stripUndefined`) copies arrays the same way: both are quadratic in the number of
 * documents. With a few ten thousand documents in a container (one large roster import) every
 * query then takes seconds. Both are replaced here by linear equivalents with the same result.
 */
export function makeEmulatorQueriesLinear(): void {
  const require = createRequire(createRequire(import.meta.url).resolve("@vercel/cosmosdb-server"));
  const helpers = require("@zeit/cosmosdb-query/lib/helpers") as { stripUndefined: (value: unknown) => unknown };
  const stripUndefined = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(stripUndefined);
    if (value && typeof value === "object") {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = stripUndefined(item);
      return copy;
    }
    return value;
  };
  helpers.stripUndefined = stripUndefined;

  const query = (require("@zeit/cosmosdb-query") as { default: (sql: string) => object }).default;
  const proto = Object.getPrototypeOf(query("SELECT * FROM c")) as object;
  const generate = Object.getOwnPropertyDescriptor(proto, "code")!.get!;
  const collectFrom = /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*(\w+): \1\s*\}\] : \$, \[\]\)/g;
  const sample = generate.call(query("SELECT * FROM c WHERE c.a = 1")) as string;
  if (!collectFrom.test(sample)) console.warn("cosmos-query-speed: the query library changed; queries stay quadratic");
  collectFrom.lastIndex = 0;
  Object.defineProperty(proto, "code", {
    get(this: { linearCode?: string }) {
      this.linearCode ??= (generate.call(this) as string).replace(
        collectFrom,
        (_all, item: string, alias: string) => `$c.filter((${item}) => typeof ${item} !== "undefined").map((${item}) => ({ ${alias}: ${item} }))`,
      );
      return this.linearCode;
    },
  });
}
