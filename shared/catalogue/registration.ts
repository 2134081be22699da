import { z } from "zod";

/*
 * How a tool is reached: as an LTI 1.3 tool (the portal is the platform, see
 * /work/shared/LTI-PLATFORM.md) or as a plain link that needs no login. Browser-safe: zod
 * only. What depends on the environment (http only on a local stack) and on crypto (parsing
 * a public key) is checked by `checkRegistrationPolicy` in tools.ts.
 */

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why a URL is not acceptable for a tool, or undefined. `allowLocalHttp`: a local stack only. */
export function toolUrlProblem(value: string, options: { allowLocalHttp: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && loopbackHosts.has(url.hostname)) {
    return options.allowLocalHttp ? undefined : "must use https (http://localhost is for the local stack only)";
  }
  return "must use https";
}

/** An absolute https URL (http on localhost passes here and is refused outside a local stack). */
export const ToolUrl = z
  .string()
  .max(2048)
  .superRefine((value, context) => {
    const problem = toolUrlProblem(value, { allowLocalHttp: true });
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .meta({ format: "uri" });

/**
 * A redirect URI of an LTI tool. The authorization endpoint compares it byte for byte with
 * the launch's `redirect_uri` (OAuth 2.0 Security BCP: exact matching), so no wildcards and no
 * fragment (RFC 6749 §3.1.2).
 */
export const RedirectUri = ToolUrl.refine((value) => !value.includes("*"), "must be exact: no wildcards").refine(
  (value) => !value.includes("#"),
  "must not contain a fragment",
);

export const LtiService = z.enum(["ags", "nrps", "deep-linking"]);
export type LtiService = z.infer<typeof LtiService>;

/** How the portal opens the tool: a new window (the default: tools lose cookies in iframes) or an iframe. */
export const Presentation = z.enum(["window", "iframe"]);
export type Presentation = z.infer<typeof Presentation>;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, "base64url");

/** An RSA public key as JWK; a private key (with `d`) is refused. */
export const PublicJwk = z
  .object({
    kty: z.literal("RSA"),
    n: base64url.min(300, "an RSA key of at least 2048 bits"),
    e: base64url,
    kid: z.string().min(1).max(200).optional(),
    alg: z.literal("RS256").optional(),
    use: z.literal("sig").optional(),
  })
  .strict();

/** How the tool's signatures (deep-linking responses, client assertions) are checked. */
export const ToolKey = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("jwks-url"), url: ToolUrl }).strict(),
    z
      .object({
        kind: z.literal("pem"),
        pem: z
          .string()
          .max(10_000)
          .regex(/^-----BEGIN (RSA )?PUBLIC KEY-----[\s\S]+-----END (RSA )?PUBLIC KEY-----\s*$/, "a PEM public key (BEGIN PUBLIC KEY)"),
      })
      .strict(),
    z.object({ kind: z.literal("jwk"), jwk: PublicJwk }).strict(),
  ])
  .meta({ id: "ToolKey" });
export type ToolKey = z.infer<typeof ToolKey>;

/** LTI custom parameter names: letters, digits and underscores (LTI 1.3 Core §5.4.6 custom claim). */
const CustomParameters = z
  .record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "letters, digits and _ only"), z.string().max(1024))
  .refine((parameters) => Object.keys(parameters).length <= 50, "at most 50 custom parameters");

export const LtiRegistration = z
  .object({
    type: z.literal("lti"),
    /** OIDC third-party initiated login (LTI 1.3 Core §5.1.1): where the launch starts. */
    loginInitiationUrl: ToolUrl,
    redirectUris: z
      .array(RedirectUri)
      .min(1)
      .max(10)
      .refine((uris) => new Set(uris).size === uris.length, "lists each URI once"),
    targetLinkUri: ToolUrl,
    deepLinkingUrl: ToolUrl.optional(),
    key: ToolKey,
    customParameters: CustomParameters.default({}),
    services: z
      .array(LtiService)
      .refine((services) => new Set(services).size === services.length, "lists each service once")
      .default([]),
    presentation: Presentation.default("window"),
  })
  .strict()
  .superRefine((registration, context) => {
    if (registration.services.includes("deep-linking") && !registration.deepLinkingUrl) {
      context.addIssue({ code: "custom", path: ["deepLinkingUrl"], message: "is required when deep-linking is requested" });
    }
  })
  .meta({ id: "LtiRegistration" });
export type LtiRegistration = z.infer<typeof LtiRegistration>;

export const LinkRegistration = z
  .object({
    type: z.literal("link"),
    /** Opens directly, without login or any data about the pupil. */
    url: ToolUrl,
    presentation: Presentation.default("window"),
  })
  .strict()
  .meta({ id: "LinkRegistration" });
export type LinkRegistration = z.infer<typeof LinkRegistration>;

export const ToolRegistration = z.discriminatedUnion("type", [LtiRegistration, LinkRegistration]).meta({ id: "ToolRegistration" });
export type ToolRegistration = z.infer<typeof ToolRegistration>;

/** Every URL of a registration with its path in the body, for the policy checks. */
export function urlsOf(registration: ToolRegistration): { path: (string | number)[]; url: string }[] {
  if (registration.type === "link") return [{ path: ["url"], url: registration.url }];
  return [
    { path: ["loginInitiationUrl"], url: registration.loginInitiationUrl },
    ...registration.redirectUris.map((url, index) => ({ path: ["redirectUris", index], url })),
    { path: ["targetLinkUri"], url: registration.targetLinkUri },
    ...(registration.deepLinkingUrl ? [{ path: ["deepLinkingUrl"], url: registration.deepLinkingUrl }] : []),
    ...(registration.key.kind === "jwks-url" ? [{ path: ["key", "url"], url: registration.key.url }] : []),
  ];
}
