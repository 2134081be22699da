import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { api, approve, linkTool, uniqueMarker, type TestProvider } from "./catalogue.js";

/*
 * LTI tools of the test's own for the Advantage services: registered with a key pair that the
 * test holds (jose), approved, and able to ask the token endpoint for a service token.
 */

export interface KeyedTool {
  toolId: string;
  privateKey: CryptoKey;
  /** The `kid` of its public JWK, for the messages it signs (deep-linking responses). */
  kid: string;
}

export interface KeyedToolOptions {
  titleWord?: string;
  modulusLength?: number;
  /** Where the tool says it lives: it logs in at `/login`, launches at `/launch` and, with "deep-linking" among its services, picks content at `/pick`. */
  origin?: string;
}

export const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Registers and approves an LTI tool of `provider` for `services`, with a public JWK (of `modulusLength` bits) whose private key the test keeps. */
export async function registerKeyedTool(
  provider: TestProvider,
  services: string[],
  { titleWord = "Testtool", modulusLength = 2048, origin = "https://tool.example.test" }: KeyedToolOptions = {},
): Promise<KeyedTool> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength });
  const kid = randomUUID();
  const marker = uniqueMarker();
  const registered = await api("provider/tools", {
    method: "POST",
    headers: provider.keyHeaders(),
    body: {
      registration: {
        type: "lti",
        loginInitiationUrl: `${origin}/login`,
        redirectUris: [`${origin}/launch`],
        targetLinkUri: `${origin}/launch`,
        ...(services.includes("deep-linking") ? { deepLinkingUrl: `${origin}/pick` } : {}),
        key: { kind: "jwk", jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } },
        services,
      },
      metadata: linkTool(marker, { title: { nl: `${titleWord} ${marker}` } }).metadata,
    },
  });
  if (registered.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(registered.json)}`);
  await approve(provider.providerId, registered.json.toolId, 1);
  return { toolId: registered.json.toolId as string, privateKey: privateKey as CryptoKey, kid };
}

/** The tool's JWT client assertion for the token endpoint; `overrides` make it wrong on purpose. */
export async function clientAssertionOf(
  tool: KeyedTool,
  tokenUrl: string,
  overrides: { aud?: string | string[]; iss?: string; sub?: string; jti?: string; iatOffset?: number; key?: CryptoKey } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000) + (overrides.iatOffset ?? 0);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(overrides.iss ?? tool.toolId)
    .setSubject(overrides.sub ?? tool.toolId)
    .setAudience(overrides.aud ?? tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .setJti(overrides.jti ?? randomUUID())
    .sign(overrides.key ?? tool.privateKey);
}

export const tokenForm = (assertion: string, scope: string) => ({ grant_type: "client_credentials", client_assertion_type: clientAssertionType, client_assertion: assertion, scope });

export async function postTokenRequest(tokenUrl: string, form: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

/** A service access token of the tool for `scope`; throws when the token endpoint refuses. */
export async function serviceTokenOf(tool: KeyedTool, tokenUrl: string, scope: string): Promise<string> {
  const { status, json } = await postTokenRequest(tokenUrl, tokenForm(await clientAssertionOf(tool, tokenUrl), scope));
  if (status !== 200) throw new Error(`no token: ${JSON.stringify(json)}`);
  return json.access_token as string;
}
