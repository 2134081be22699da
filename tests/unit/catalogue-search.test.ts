import fc from "fast-check";
import {
  CatalogueQuery,
  countFacets,
  matchesSearch,
  normaliseSearchText,
  searchCatalogue,
  searchTextOf,
  type Searchable,
} from "../../shared/catalogue/index.js";

function entry(toolId: string, title: string, facets: Partial<Searchable["metadata"]> & { toolType?: "lti" | "link" } = {}): Searchable {
  const { toolType = "link", ...metadata } = facets;
  const full: Searchable["metadata"] = {
    title: { nl: title },
    subjects: ["wiskunde"],
    stages: ["lager-graad-3"],
    onderwijsvormen: [],
    clusters: [],
    languages: ["nl"],
    accessibility: { features: [] },
    pricing: "free",
    ...metadata,
  };
  return { toolId, toolType, metadata: full, searchText: searchTextOf({ title: full.title, description: { nl: "" }, keywords: [] }, "Leverancier") };
}

const query = (params: Record<string, string> = {}) => CatalogueQuery.parse(params);

describe("search normalisation", () => {
  it("ignores case and accents, and treats punctuation as space", () => {
    expect(normaliseSearchText("Creëer je eigen spel — Café-Élan!")).toBe("creeer je eigen spel cafe elan");
    expect(normaliseSearchText("  ÇA  va?  ")).toBe("ca va");
    expect(normaliseSearchText("Œuvre ﬁnale")).toBe("œuvre finale");
  });

  it("is idempotent and finds a text by any of its own words, whatever their accents or case", () => {
    const word = fc.stringMatching(/^[a-zà-öø-ÿ]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.nat(), (words, pick) => {
        const text = words.join(" ");
        const normalised = normaliseSearchText(text);
        expect(normaliseSearchText(normalised)).toBe(normalised);
        const chosen = words[pick % words.length]!;
        expect(matchesSearch(normalised, chosen.toUpperCase())).toBe(true);
        expect(matchesSearch(normalised, chosen.normalize("NFD").replace(/\p{M}/gu, ""))).toBe(true);
      }),
    );
  });

  it("needs every word of the query, as a word or the start or middle of one", () => {
    const text = normaliseSearchText("Rekenen met breuken voor het vijfde leerjaar");
    expect(matchesSearch(text, "reken breuk")).toBe(true);
    expect(matchesSearch(text, "breuken meetkunde")).toBe(false);
    expect(matchesSearch(text, "   ")).toBe(true);
  });

  it("searches titles, keywords and descriptions in every language and the provider's name", () => {
    const text = searchTextOf({ title: { nl: "Houtbewerking", fr: "Travail du bois" }, keywords: ["zaagmachine"], description: { nl: "Veilig werken", en: "Safety first" } }, "Atelier bv");
    for (const word of ["houtbewerking", "bois", "zaagmachine", "veilig", "safety", "atelier"]) expect(matchesSearch(text, word)).toBe(true);
  });
});

describe("facets", () => {
  const entries = [
    entry("a", "Hout A", { clusters: ["hout"], onderwijsvormen: ["tso"], pricing: "licensed" }),
    entry("b", "Bouw B", { clusters: ["bouw"], onderwijsvormen: ["tso", "bso"] }),
    entry("c", "Hout en bouw C", { clusters: ["hout", "bouw"], onderwijsvormen: ["bso"], toolType: "lti" }),
    entry("d", "Taal D", { subjects: ["nederlands"], onderwijsvormen: ["okan"], languages: ["nl", "ar"] }),
  ];

  it("counts each value once per tool over the whole catalogue when nothing is chosen", () => {
    const facets = countFacets(entries, {});
    expect(facets.clusters).toEqual([
      { value: "bouw", count: 2, selected: false },
      { value: "hout", count: 2, selected: false },
    ]);
    expect(facets.onderwijsvormen).toEqual([
      { value: "bso", count: 2, selected: false },
      { value: "tso", count: 2, selected: false },
      { value: "okan", count: 1, selected: false },
    ]);
    expect(facets.toolType).toEqual([
      { value: "link", count: 3, selected: false },
      { value: "lti", count: 1, selected: false },
    ]);
    expect(facets.languages).toEqual([
      { value: "nl", count: 4, selected: false },
      { value: "ar", count: 1, selected: false },
    ]);
  });

  it("counts a facet under the other facets' choices but not its own (values of one facet are alternatives)", () => {
    const facets = countFacets(entries, { clusters: ["hout"], onderwijsvormen: ["bso"] });
    // clusters counted among bso tools (b, c): hout 1, bouw 2.
    expect(facets.clusters).toEqual([
      { value: "bouw", count: 2, selected: false },
      { value: "hout", count: 1, selected: true },
    ]);
    // onderwijsvormen counted among hout tools (a, c).
    expect(facets.onderwijsvormen).toEqual([
      { value: "bso", count: 1, selected: true },
      { value: "tso", count: 1, selected: false },
    ]);
    // other facets counted among tools matching both choices (c only).
    expect(facets.toolType).toEqual([{ value: "lti", count: 1, selected: false }]);
  });

  it("lists a chosen value that no tool has with count 0", () => {
    expect(countFacets(entries, { clusters: ["mode"] }).clusters).toContainEqual({ value: "mode", count: 0, selected: true });
  });

  it("matches: the count of a value equals the total when that value alone is chosen", () => {
    const facets = countFacets(entries, {});
    for (const [name, counts] of Object.entries(facets)) {
      for (const { value, count } of counts) {
        expect([name, value, searchCatalogue(entries, query({ [name]: value })).total]).toEqual([name, value, count]);
      }
    }
  });
});

describe("searching the catalogue", () => {
  const entries = [entry("1", "Zagen"), entry("2", "Ábc rekenen"), entry("3", "Breuken", { subjects: ["wiskunde", "stem"] }), entry("4", "Rekenspel"), entry("5", "Spel met rekenen")];

  it("orders by Dutch title, accents aside, and pages", () => {
    const all = searchCatalogue(entries, query());
    expect(all.items.map((e) => e.metadata.title.nl)).toEqual(["Ábc rekenen", "Breuken", "Rekenspel", "Spel met rekenen", "Zagen"]);
    const page = searchCatalogue(entries, query({ pageSize: "2", page: "2" }));
    expect([page.total, page.items.map((e) => e.toolId)]).toEqual([5, ["4", "5"]]);
    expect(searchCatalogue(entries, query({ pageSize: "2", page: "9" })).items).toEqual([]);
  });

  it("puts title matches first", () => {
    const withDescription = { ...entry("6", "Aardrijkskunde"), searchText: normaliseSearchText("Aardrijkskunde rekenen in een beschrijving") };
    expect(searchCatalogue([withDescription, ...entries], query({ q: "rekenen" })).items.map((e) => e.toolId)).toEqual(["2", "5", "6"]);
  });

  it("reads comma-separated codes and refuses unknown ones", () => {
    expect(query({ clusters: "hout, bouw", enabledOnly: "true" })).toMatchObject({ clusters: ["hout", "bouw"], enabledOnly: true, page: 1, pageSize: 24 });
    expect(CatalogueQuery.safeParse({ clusters: "hout,plastiek" }).success).toBe(false);
    expect(CatalogueQuery.safeParse({ pageSize: "1000" }).success).toBe(false);
    expect(CatalogueQuery.safeParse({ provider: "x" }).success).toBe(false);
  });
});
