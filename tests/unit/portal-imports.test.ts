import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * The portal imports a few schema files of shared/ directly, so that browser and API parse with
 * the same zod schemas. Those files (and whatever they import) must stay browser-safe: zod and
 * each other only, never Node built-ins, SDKs or adapters, which the bundle cannot run.
 */
const root = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const portal = join(root, "static-web/src");
const browserSafePackages = new Set(["zod", "zod/mini"]);

/** What a file loads at run time: `import type` and `export type` are erased, so they do not count. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map(
    (match) => (match[1] ?? match[2])!,
  );

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.(ts|vue)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

const resolveTs = (from: string, specifier: string): string => resolve(dirname(from), specifier).replace(/\.js$/, ".ts");

function sharedFilesImportedByPortal(): string[] {
  return [
    ...new Set(
      sourceFiles(portal).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith(".") && resolveTs(file, specifier).startsWith(join(root, "shared") + "/"))
          .map((specifier) => resolveTs(file, specifier)),
      ),
    ),
  ];
}

/** Imports of `file` and of every relative file it reaches that are not zod or such a file. */
function unsafeImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return importsOf(file).flatMap((specifier) => {
    if (specifier.startsWith(".")) return unsafeImports(resolveTs(file, specifier), seen);
    return browserSafePackages.has(specifier) ? [] : [`${relative(root, file)} imports ${specifier}`];
  });
}

describe("shared files that the portal imports", () => {
  const files = sharedFilesImportedByPortal();

  it("are found (the portal does parse with the API's schemas)", () => {
    expect(files.map((file) => relative(root, file))).toEqual(
      expect.arrayContaining(["shared/schools/person.ts", "shared/schools/group.ts", "shared/identity/roles.ts", "shared/runtime/problem.ts"]),
    );
  });

  it("import nothing but zod and each other, so the browser can load them", () => {
    expect(files.flatMap((file) => unsafeImports(file))).toEqual([]);
  });

  it("are type-checked with the portal's settings", () => {
    const { include } = JSON.parse(readFileSync(join(root, "static-web/tsconfig.json"), "utf8")) as { include: string[] };
    const included = include.map((path) => resolve(root, "static-web", path));
    expect(files.filter((file) => !included.includes(file)).map((file) => relative(root, file))).toEqual([]);
  });
});
