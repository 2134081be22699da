import { randomUUID } from "node:crypto";
import { callerWith, type TestCaller } from "./sessions.js";

const baseUrl = () => process.env.LEERSPOOR_TEST_BASE_URL!;

/** A provider organisation made through the operator's API, one of its users, and an API key made by that user. */
export interface TestProvider {
  providerId: string;
  user: TestCaller;
  apiKey: string;
  keyId: string;
  /** Headers of a machine call with the API key. */
  keyHeaders(): Record<string, string>;
}

export async function api(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await fetch(`${baseUrl()}/api/${path}`, {
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: typeof init.body === "string" || init.body instanceof Uint8Array ? (init.body as BodyInit) : JSON.stringify(init.body) }),
    redirect: "manual",
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

export async function newProvider(operator?: TestCaller, name = `Testleverancier ${randomUUID().slice(0, 8)}`): Promise<TestProvider> {
  const by = operator ?? (await callerWith("operator"));
  const created = await api("providers", { method: "POST", headers: by.headers("POST"), body: { name, contactEmail: "tools@example.test" } });
  if (created.status !== 201) throw new Error(`provider not created: ${JSON.stringify(created.json)}`);
  const providerId = created.json.providerId as string;
  const user = await callerWith("provider", undefined, { providerId });
  const key = await api("provider/api-keys", { method: "POST", headers: user.headers("POST"), body: { label: "test" } });
  if (key.status !== 201) throw new Error(`key not created: ${JSON.stringify(key.json)}`);
  const apiKey = key.json.key as string;
  return {
    providerId,
    user,
    apiKey,
    keyId: key.json.keyId,
    keyHeaders: () => ({ authorization: `Bearer ${apiKey}`, "content-type": "application/json" }),
  };
}

/** A plain-link tool's submission; `marker` goes into title and keywords so a test finds its own tool. */
export function linkTool(marker: string, metadata: Record<string, unknown> = {}): { registration: unknown; metadata: Record<string, unknown> } {
  return {
    registration: { type: "link", url: `https://tools.example.test/${marker}` },
    metadata: {
      title: { nl: `Oefenkaart ${marker}` },
      description: { nl: "Een testtool." },
      keywords: [marker],
      subjects: ["wiskunde"],
      stages: ["lager-graad-3"],
      languages: ["nl"],
      pricing: "free",
      ...metadata,
    },
  };
}

export function ltiTool(marker: string, metadata: Record<string, unknown> = {}): { registration: Record<string, unknown>; metadata: Record<string, unknown> } {
  const origin = `https://${marker}.tools.example.test`;
  return {
    registration: {
      type: "lti",
      loginInitiationUrl: `${origin}/login`,
      redirectUris: [`${origin}/launch`],
      targetLinkUri: `${origin}/launch`,
      key: { kind: "jwks-url", url: `${origin}/jwks.json` },
      services: ["ags"],
    },
    metadata: linkTool(marker, metadata).metadata,
  };
}

/** Approves the version waiting for review as a (fresh) operator. */
export async function approve(providerId: string, toolId: string, version: number, operator?: TestCaller): Promise<void> {
  const by = operator ?? (await callerWith("operator"));
  const approved = await api(`review/providers/${providerId}/tools/${toolId}/approve`, { method: "POST", headers: by.headers("POST"), body: { version } });
  if (approved.status !== 200) throw new Error(`not approved: ${JSON.stringify(approved.json)}`);
}

export const uniqueMarker = (): string => `t${randomUUID().replace(/-/g, "").slice(0, 10)}`;
