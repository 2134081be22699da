import { readFileSync } from "node:fs";
import { AccessibilityFeature, Cluster, facetNames, Onderwijsvorm, Pricing, Stage, Subject } from "../../shared/catalogue/metadata.js";
import { LtiService, Presentation } from "../../shared/catalogue/registration.js";
import { ToolStatus } from "../../shared/catalogue/tool.js";

/*
 * The catalogue's codes are API values; the portal shows each one translated. A code added to
 * a list without its words in nl, en and fr would show up raw on the page.
 */
const locales = ["nl", "en", "fr"] as const;
const messages = Object.fromEntries(
  locales.map((locale) => [locale, JSON.parse(readFileSync(new URL(`../../static-web/src/locales/${locale}.json`, import.meta.url), "utf8"))]),
) as Record<(typeof locales)[number], Record<string, any>>;

const lists: Record<string, readonly string[]> = {
  subjects: Subject.options,
  stages: Stage.options,
  onderwijsvormen: Onderwijsvorm.options,
  clusters: Cluster.options,
  accessibility: AccessibilityFeature.options,
  pricing: Pricing.options,
  toolType: ["lti", "link"],
  services: LtiService.options,
  presentation: Presentation.options,
  status: ToolStatus.options,
};

const at = (tree: Record<string, any>, path: string[]): unknown => path.reduce<any>((node, key) => node?.[key], tree);

describe("the portal's words for the catalogue's codes", () => {
  test.each(locales)("every code of every list has a translation in %s", (locale) => {
    const missing = Object.entries(lists).flatMap(([list, codes]) =>
      codes.filter((code) => typeof at(messages[locale], ["vocab", list, code]) !== "string").map((code) => `vocab.${list}.${code}`),
    );
    expect(missing).toEqual([]);
  });

  test.each(locales)("every facet has a name in %s", (locale) => {
    expect(facetNames.filter((name) => typeof at(messages[locale], ["catalogue", "facets", name]) !== "string")).toEqual([]);
  });

  test.each(locales)("the sign-in refusals of provider invitations are explained in %s", (locale) => {
    for (const slug of ["invitation-invalid", "invitation-for-school-account", "other-provider"]) {
      expect(typeof at(messages[locale], ["login", "errors", slug])).toBe("string");
    }
  });
});
