/**
 * The demo catalogue for `npm start`: the demo provider organisation with a few approved tools
 * across the facets (an LTI tool and plain links), one tool waiting for review, two tools
 * enabled for the demo school, and the provider's API key. Tools, the organisation and the
 * school's settings are created once and then left as the demo's users changed them.
 */
import { createHash } from "node:crypto";
import { AlreadyExists, documentStore } from "../../shared/adapters/index.js";
import {
  catalogueEntryOf,
  defaultDataSharing,
  LinkRegistration,
  LtiRegistration,
  ToolMetadata,
  type Provider,
  type ToolDocument,
  type ToolEnablement,
  type ToolVersion,
} from "../../shared/catalogue/index.js";
import { seedApiKey, verifyApiKey } from "../../shared/identity/index.js";

const stableUuid = (key: string): string => {
  const hex = createHash("sha256").update(`leerspoor-demo-catalogue:${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const demoProviderId = stableUuid("provider");
const demoKeyId = createHash("sha256").update("leerspoor-demo-catalogue:api-key").digest("hex").slice(0, 16);

/** The client id of the demo LTI tool (scripts/local-stack/demo-tool.ts): the tool id of "Demo rekentool". */
export const demoLtiToolId = (): string => stableUuid("tool:rekentool");

/** The client id of the demo tool's edition that opens inside the portal: its own registration, as a provider registers each presentation it offers. */
export const demoFramedToolId = (): string => stableUuid("tool:rekentool-portaal");

/** The registrations the demo LTI tool answers (scripts/local-stack/demo-tool.ts). */
export const demoToolClientIds = (): string[] => [demoLtiToolId(), demoFramedToolId()];

interface DemoTool {
  key: string;
  registration: unknown;
  metadata: unknown;
  approved: boolean;
  enabledAtDemoSchool?: boolean;
}

/** `demoLtiTool`: where the demo LTI tool listens (LOCAL_DEMO_TOOL_PORT, http://localhost:4282 by default). */
const toolsOf = (demoLtiTool: string): DemoTool[] => {
  // Every LTI demo tool is the one ltijs process, each under its own registration.
  const ltiDemo = {
    type: "lti",
    loginInitiationUrl: `${demoLtiTool}/login`,
    redirectUris: [`${demoLtiTool}/`],
    targetLinkUri: `${demoLtiTool}/`,
    key: { kind: "jwks-url", url: `${demoLtiTool}/keys` },
  } as const;
  const rekentool = {
    title: { nl: "Demo rekentool", en: "Demo arithmetic tool", fr: "Outil de calcul (démo)" },
    description: {
      nl: "Oefen optellen, aftrekken en de tafels op je eigen niveau. De leerkracht ziet de scores in Leerspoor.",
      en: "Practise addition, subtraction and times tables at your own level. The teacher sees the scores in Leerspoor.",
    },
    keywords: ["rekenen", "tafels", "hoofdrekenen"],
    subjects: ["wiskunde"],
    stages: ["lager-graad-1", "lager-graad-2", "lager-graad-3"],
    languages: ["nl"],
    accessibility: { features: ["keyboard", "text-to-speech", "adjustable-pace"] },
    // The demo school holds a school licence for it and for its edition in the portal (demo-seed.ts); other schools are refused.
    pricing: "licensed",
  };
  return [
    {
      key: "rekentool",
      approved: true,
      enabledAtDemoSchool: true,
      registration: {
        ...ltiDemo,
        // ltijs answers deep-linking requests on its app route, the redirect URI.
        deepLinkingUrl: `${demoLtiTool}/`,
        customParameters: { level: "start" },
        services: ["ags", "nrps", "deep-linking"],
        presentation: "window",
      },
      metadata: rekentool,
    },
    {
      key: "rekentool-portaal",
      approved: true,
      enabledAtDemoSchool: true,
      registration: { ...ltiDemo, customParameters: { level: "start" }, services: ["ags", "nrps"], presentation: "iframe" },
      metadata: {
        ...rekentool,
        title: { nl: "Demo rekentool (in de portal)", en: "Demo arithmetic tool (in the portal)", fr: "Outil de calcul (démo, dans le portail)" },
        description: {
          nl: "Dezelfde oefeningen als de demo rekentool, maar de tool opent binnen Leerspoor in plaats van in een nieuw venster.",
          en: "The same exercises as the demo arithmetic tool, but the tool opens inside Leerspoor instead of in a new window.",
        },
      },
    },
    {
      // Licensed, switched on at the demo school, but without a licence: its tile shows the refusal page.
      key: "leesspel",
      approved: true,
      enabledAtDemoSchool: true,
      registration: { ...ltiDemo, presentation: "window" },
      metadata: {
        title: { nl: "Demo leesspel", en: "Demo reading game", fr: "Jeu de lecture (démo)" },
        description: {
          nl: "Lees korte verhalen en beantwoord vragen. De demoschool heeft er (nog) geen licentie voor.",
          en: "Read short stories and answer questions. The demo school has no licence for it (yet).",
        },
        keywords: ["lezen", "begrijpend lezen"],
        subjects: ["nederlands"],
        stages: ["lager-graad-2", "lager-graad-3"],
        languages: ["nl"],
        pricing: "licensed",
      },
    },
    ...linkTools,
  ];
};

const linkTools: DemoTool[] = [
  {
    key: "wiskunde-link",
    approved: true,
    enabledAtDemoSchool: true,
    registration: { type: "link", url: "https://example.org/leerspoor/wiskunde-oefeningen" },
    metadata: {
      title: { nl: "Wiskunde-oefeningen (demo link)", en: "Maths exercises (demo link)" },
      description: { nl: "Een vrije verzameling wiskunde-oefeningen, zonder aanmelden." },
      keywords: ["breuken", "meetkunde"],
      subjects: ["wiskunde"],
      stages: ["lager-graad-3", "secundair-graad-1"],
      onderwijsvormen: ["aso"],
      languages: ["nl"],
      pricing: "free",
    },
  },
  {
    key: "houtbewerking",
    approved: true,
    registration: { type: "link", url: "https://example.org/leerspoor/houtbewerking-veilig" },
    metadata: {
      title: { nl: "Houtbewerking veilig" },
      description: { nl: "Veilig werken met zaag-, schaaf- en freesmachines in het atelier, met filmpjes en een korte toets per machine." },
      keywords: ["atelier", "veiligheid", "machines"],
      subjects: ["techniek", "beroepsvorming"],
      stages: ["secundair-graad-2", "secundair-graad-3"],
      onderwijsvormen: ["tso", "bso"],
      clusters: ["hout"],
      languages: ["nl"],
      accessibility: { features: ["captions", "simple-language"] },
      pricing: "licensed",
    },
  },
  {
    key: "nieuwkomers",
    approved: true,
    registration: { type: "link", url: "https://example.org/leerspoor/nederlands-voor-nieuwkomers" },
    metadata: {
      title: { nl: "Nederlands voor nieuwkomers", en: "Dutch for newcomers", fr: "Le néerlandais pour primo-arrivants" },
      description: {
        nl: "Woordenschat en eerste zinnen voor leerlingen in het onthaaljaar, met uitleg in hun thuistaal.",
        en: "Vocabulary and first sentences for pupils in the reception year, explained in their home language.",
      },
      keywords: ["NT2", "woordenschat", "onthaaljaar"],
      subjects: ["nederlands"],
      stages: ["secundair-graad-1", "volwassenen"],
      onderwijsvormen: ["okan"],
      languages: ["nl", "en", "fr", "ar", "uk"],
      accessibility: { features: ["text-to-speech", "simple-language"] },
      pricing: "free",
    },
  },
  {
    key: "programmeren",
    approved: true,
    registration: { type: "link", url: "https://example.org/leerspoor/programmeren-met-blokken" },
    metadata: {
      title: { nl: "Creëer je eigen spel", en: "Create your own game" },
      description: { nl: "Programmeren met blokken: lussen, voorwaarden en variabelen in een eigen spel." },
      keywords: ["programmeren", "blokken"],
      subjects: ["informatica", "computationeel-denken"],
      stages: ["lager-graad-3", "secundair-graad-1"],
      languages: ["nl", "en"],
      accessibility: { features: ["keyboard"] },
      pricing: "free",
    },
  },
  {
    key: "elektronica",
    approved: false,
    registration: { type: "link", url: "https://example.org/leerspoor/elektronica-labo" },
    metadata: {
      title: { nl: "Elektronica-labo" },
      description: { nl: "Schakelingen bouwen en meten in een virtueel labo." },
      subjects: ["techniek", "wetenschappen"],
      stages: ["secundair-graad-2"],
      onderwijsvormen: ["tso"],
      clusters: ["elektronica", "elektriciteit"],
      languages: ["nl"],
      pricing: "licensed",
    },
  },
];

export interface DemoCatalogue {
  providerId: string;
  providerName: string;
  providerApiKey: string;
}

export async function seedDemoCatalogue(options: {
  demoSchoolId: string;
  providerAccountId: string;
  operatorAccountId: string;
  previousApiKey: string | undefined;
  demoToolUrl: string;
  now: Date;
}): Promise<DemoCatalogue> {
  const { now } = options;
  const providerData = documentStore().container("provider-data");
  const platform = documentStore().container("platform");
  const schoolData = documentStore().container("school-data");
  const createOnce = async <T extends { id: string }>(container: typeof platform, document: T) => {
    try {
      await container.create(document);
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
  };

  const providerName = "Leermiddelen Demo bv";
  await createOnce(providerData, {
    id: demoProviderId,
    providerId: demoProviderId,
    type: "provider",
    name: providerName,
    contactEmail: "tools@demo.leerspoor.local",
    intentieverklaring: {
      version: "2024",
      signedOn: "2026-01-15",
      signatory: { name: "Pieter Tools", role: "zaakvoerder" },
      recordedAt: now.toISOString(),
      recordedBy: { id: options.providerAccountId, name: "Pieter Tools" },
    },
    createdAt: now.toISOString(),
    createdBy: options.operatorAccountId,
    updatedAt: now.toISOString(),
  } satisfies Provider);

  for (const tool of toolsOf(options.demoToolUrl)) {
    const toolId = stableUuid(`tool:${tool.key}`);
    const registration = tool.registration as { type: string };
    const version: ToolVersion = {
      version: 1,
      registration: registration.type === "lti" ? LtiRegistration.parse(tool.registration) : LinkRegistration.parse(tool.registration),
      metadata: ToolMetadata.parse(tool.metadata),
      submittedAt: now.toISOString(),
      submittedBy: { id: options.providerAccountId, name: "Pieter Tools", via: "session" },
    };
    await createOnce(providerData, {
      id: toolId,
      providerId: demoProviderId,
      type: "tool",
      ...(tool.approved ? { live: version } : { pending: version }),
      reviews: tool.approved
        ? [{ version: 1, outcome: "approved", decidedAt: now.toISOString(), decidedBy: { id: options.operatorAccountId, name: "Greet Consortium" } }]
        : [],
      lastVersion: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    } satisfies ToolDocument);
    let stored = await providerData.read<ToolDocument>(toolId, demoProviderId);
    // The demo LTI tool's URLs follow LOCAL_DEMO_TOOL_PORT (and replace an older seeding's placeholders).
    if (demoToolClientIds().includes(toolId) && stored?.live && JSON.stringify(stored.live.registration) !== JSON.stringify(version.registration)) {
      stored = await providerData.upsert<ToolDocument>({ ...stored, live: { ...stored.live, registration: version.registration } });
    }
    if (stored?.live) await platform.upsert(catalogueEntryOf(stored, stored.live, providerName, now));
    if (tool.enabledAtDemoSchool) {
      await createOnce(schoolData, {
        id: `tool-enablement-${toolId}`,
        schoolId: options.demoSchoolId,
        type: "tool-enablement",
        toolId,
        enabled: true,
        dataSharing: defaultDataSharing,
        updatedAt: now.toISOString(),
        updatedBy: "demo",
      } satisfies ToolEnablement);
    }
  }

  // Keep the key of demo.json while its hash is still stored; otherwise replace it.
  const kept = options.previousApiKey ? await verifyApiKey(options.previousApiKey) : undefined;
  const providerApiKey =
    kept?.providerId === demoProviderId
      ? options.previousApiKey!
      : (await seedApiKey(demoProviderId, demoKeyId, "demo", options.providerAccountId, now)).key;
  return { providerId: demoProviderId, providerName, providerApiKey };
}
