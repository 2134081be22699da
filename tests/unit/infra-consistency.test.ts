/**
 * infra-bicep/ must declare what the code uses (DESIGN.md, "Infrastructure grows with the
 * code"): every setting of AppSettings is an app setting of the Function App or deliberately
 * unset in Azure, and every queue, blob container and Cosmos container of
 * shared/adapters/resources.ts exists, in both directions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AppSettings, LocalStackSettings } from "../../shared/config/settings.js";
import { blobContainers, cosmosContainers, queues } from "../../shared/adapters/resources.js";
import { objectArray, objectEntries, readVar, stringArray, stringLiteral } from "./bicep-text.js";

const repoFile = (path: string): string => readFileSync(join(process.cwd(), path), "utf8");

const mainBicep = repoFile("infra-bicep/main.bicep");
const functionAppBicep = repoFile("infra-bicep/modules/function-app.bicep");
const infraFiles = [
  "azure.yaml",
  "infra-bicep/main.bicep",
  "infra-bicep/main.parameters.json",
  ...readdirSync(join(process.cwd(), "infra-bicep/modules")).map((file) => `infra-bicep/modules/${file}`),
].map((path) => ({ path, text: repoFile(path) }));

const settingNames = Object.keys(AppSettings.shape) as (keyof typeof AppSettings.shape)[];
const isSettingName = (name: string): name is keyof typeof AppSettings.shape =>
  (settingNames as string[]).includes(name);

// ---- checks: each returns the mismatches as sentences, empty when code and Bicep agree ----

function compareNames(kind: string, inCode: readonly string[], inBicep: readonly string[]): string[] {
  return [
    ...inCode.filter((name) => !inBicep.includes(name)).map((name) => `${kind} "${name}" is used by the code but missing from the Bicep`),
    ...inBicep.filter((name) => !inCode.includes(name)).map((name) => `${kind} "${name}" is in the Bicep but unknown to the code`),
  ];
}

function settingProblems(functionApp: string): string[] {
  const set = objectEntries(functionApp, "appSettings").map((entry) => entry.key);
  const unset = stringArray(functionApp, "settingsUnsetInAzure");
  const platform = objectEntries(functionApp, "platformSettings").map((entry) => entry.key);
  return [
    ...settingNames
      .filter((name) => !set.includes(name) && !unset.includes(name))
      .map((name) => `setting "${name}" is in AppSettings but neither in appSettings nor in settingsUnsetInAzure`),
    ...[...set, ...unset].filter((name) => !isSettingName(name)).map((name) => `setting "${name}" is in the Bicep but not in AppSettings`),
    ...set.filter((name) => unset.includes(name)).map((name) => `setting "${name}" is both set and declared unset`),
    ...platform.filter(isSettingName).map((name) => `setting "${name}" belongs in appSettings, not platformSettings`),
  ];
}

function settingValueProblems(functionApp: string): string[] {
  return objectEntries(functionApp, "appSettings").flatMap(({ key, value }) => {
    const literal = stringLiteral(value);
    if (literal === undefined || !isSettingName(key)) return [];
    const parsed = AppSettings.shape[key].safeParse(literal);
    return parsed.success ? [] : [`setting "${key}" is set to '${literal}', which AppSettings refuses`];
  });
}

function localSettingLeaks(files: { path: string; text: string }[]): string[] {
  return Object.keys(LocalStackSettings.shape).flatMap((name) =>
    files.filter(({ text }) => new RegExp(String.raw`\b${name}\b`).test(text)).map(({ path }) => `local-stack setting "${name}" appears in ${path}`),
  );
}

function cosmosProblems(main: string): string[] {
  const declared = objectArray(main, "cosmosContainers");
  const partitionKeys = cosmosContainers.flatMap((inCode) => {
    const inBicep = declared.find((container) => container.name === inCode.name);
    return inBicep && inBicep.partitionKey !== inCode.partitionKey
      ? [`Cosmos container "${inCode.name}" is partitioned on ${inCode.partitionKey} in the code but on ${inBicep.partitionKey} in the Bicep`]
      : [];
  });
  return [
    ...compareNames("Cosmos container", cosmosContainers.map((container) => container.name), declared.map((container) => container.name ?? "")),
    ...partitionKeys,
  ];
}

/** `text` with `search` replaced inside the literal of `var name` only; throws if nothing changed. */
function editVar(text: string, name: string, search: string | RegExp, replacement: string): string {
  const block = readVar(text, name);
  const body = block.body.replace(search, replacement);
  if (body === block.body) throw new Error(`${String(search)} not found in var ${name}`);
  return text.slice(0, block.bodyStart) + body + text.slice(block.bodyEnd);
}

// ---- tests ----

describe("Bicep text parser", () => {
  const sample = [
    "// var ignored = { NOT_A_KEY: 'x' }",
    "var settings = {",
    "  URL: 'https://${host}/{path}' // a comment with 'quotes' and { braces",
    "  'quoted-key': 'it\\'s'",
    "  NESTED: { a: [ 1, 2 ] }",
    "  /* block",
    "     comment */ AFTER: x.y",
    "}",
    "var names = [ 'a', 'b'",
    "  'c' ]",
    "var rows = [",
    "  { name: 'one', key: '/one' }",
    "  {",
    "    name: 'two'",
    "    key: other.value",
    "  }",
    "]",
  ].join("\n");

  it("reads the keys and values of an object, past comments, nesting and braces inside strings", () => {
    expect(objectEntries(sample, "settings")).toEqual([
      { key: "URL", value: "'https://${host}/{path}'" },
      { key: "quoted-key", value: "'it\\'s'" },
      { key: "NESTED", value: "{ a: [ 1, 2 ] }" },
      { key: "AFTER", value: "x.y" },
    ]);
    expect(stringLiteral("'it\\'s'")).toBe("it's");
    expect(stringLiteral("'https://${host}'")).toBeUndefined();
  });

  it("reads arrays of strings and arrays of objects, one per line or comma-separated", () => {
    expect(stringArray(sample, "names")).toEqual(["a", "b", "c"]);
    expect(objectArray(sample, "rows")).toEqual([
      { name: "one", key: "/one" },
      { name: "two", key: "other.value" },
    ]);
  });

  it("refuses a variable that is missing, commented out or not of the expected shape", () => {
    expect(() => objectEntries(sample, "missing")).toThrow(/var missing/);
    expect(() => objectEntries(sample, "ignored")).toThrow(/found 0/);
    expect(() => stringArray(sample, "settings")).toThrow(/not an array/);
    expect(() => stringArray(sample, "rows")).toThrow(/not a plain string/);
  });
});

describe("infra-bicep declares what the code uses", () => {
  it("sets every application setting in Azure or declares it deliberately unset, and sets no unknown one", () => {
    expect(settingProblems(functionAppBicep)).toEqual([]);
  });

  it("gives every literal app setting a value that the config schema accepts", () => {
    expect(settingValueProblems(functionAppBicep)).toEqual([]);
    const literals = Object.fromEntries(objectEntries(functionAppBicep, "appSettings").map(({ key, value }) => [key, stringLiteral(value)]));
    expect(literals).toMatchObject({ LEERSPOOR_ENV: "azure", QUEUE_DRIVER: "service-bus" });
  });

  it("keeps the local-stack settings out of the Azure infrastructure", () => {
    expect(localSettingLeaks(infraFiles)).toEqual([]);
  });

  it("declares exactly the queues that the code uses", () => {
    expect(compareNames("queue", queues, stringArray(mainBicep, "queues"))).toEqual([]);
  });

  it("declares exactly the blob containers that the code uses", () => {
    expect(compareNames("blob container", blobContainers, stringArray(mainBicep, "blobContainers"))).toEqual([]);
  });

  it("declares exactly the Cosmos containers that the code uses, with the same partition keys", () => {
    expect(cosmosProblems(mainBicep)).toEqual([]);
  });

  it("hands each declared list to the module that creates its resources", () => {
    for (const list of ["queues", "blobContainers", "cosmosContainers"]) {
      expect(mainBicep).toMatch(new RegExp(String.raw`^\s+\w+:\s*${list}\s*$`, "m"));
    }
  });
});

describe("the consistency check reports drift", () => {
  it("reports a queue that the code uses but the Bicep lacks", () => {
    const [queue] = queues;
    const withoutQueue = editVar(mainBicep, "queues", `'${queue}'`, "");
    expect(compareNames("queue", queues, stringArray(withoutQueue, "queues"))).toContain(
      `queue "${queue}" is used by the code but missing from the Bicep`,
    );
  });

  it("reports a setting that the code reads but the Bicep neither sets nor declares unset", () => {
    const setting = "COSMOS_DATABASE";
    const withoutSetting = editVar(functionAppBicep, "appSettings", new RegExp(String.raw`^\s*${setting}\s*:.*$`, "m"), "");
    expect(settingProblems(withoutSetting)).toEqual([
      `setting "${setting}" is in AppSettings but neither in appSettings nor in settingsUnsetInAzure`,
    ]);
  });

  it("reports an app setting that the code does not know", () => {
    const withStale = editVar(functionAppBicep, "appSettings", /^/, "\n  RETIRED_SETTING: 'x'");
    expect(settingProblems(withStale)).toEqual([`setting "RETIRED_SETTING" is in the Bicep but not in AppSettings`]);
  });

  it("reports a literal app setting value that the config schema refuses", () => {
    const misspelt = editVar(functionAppBicep, "appSettings", "'service-bus'", "'servicebus'");
    expect(settingValueProblems(misspelt)).toEqual([`setting "QUEUE_DRIVER" is set to 'servicebus', which AppSettings refuses`]);
  });

  it("reports a Cosmos container whose partition key differs from the code", () => {
    const [container] = cosmosContainers;
    const repartitioned = editVar(mainBicep, "cosmosContainers", `'${container.partitionKey}'`, "'/id'");
    expect(cosmosProblems(repartitioned)).toEqual([
      `Cosmos container "${container.name}" is partitioned on ${container.partitionKey} in the code but on /id in the Bicep`,
    ]);
  });

  it("reports a local-stack setting that leaks into the Bicep", () => {
    const leaked = [{ path: "infra-bicep/main.bicep", text: `${mainBicep}\nvar port = 'LOCAL_PORT'\n` }];
    expect(localSettingLeaks(leaked)).toEqual(['local-stack setting "LOCAL_PORT" appears in infra-bicep/main.bicep']);
  });
});
