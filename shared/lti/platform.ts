import { createKeyStore, type KeyStore } from "../adapters/keys/index.js";
import { appSettings } from "../config/index.js";
import { createLogger } from "../runtime/index.js";
import { SigningKeys } from "./key-ring.js";
import { catalogueDirectory, type LaunchDirectory } from "./launch-context.js";
import { Pseudonyms } from "./pseudonyms.js";
import { InProcessReplayGuard, type ReplayGuard } from "./replay-guard.js";

/** What the LTI platform works with; built once per process from the settings, or by a test or benchmark. */
export interface LtiPlatform {
  /** The platform's issuer (`iss`): the portal's public origin. */
  issuer: string;
  keyStore: KeyStore;
  keys: SigningKeys;
  pseudonyms: Pseudonyms;
  directory: LaunchDirectory;
  replay: ReplayGuard;
  clock: () => Date;
}

/** The platform's URLs below its issuer, as tools register them. */
export function platformEndpoints(issuer: string) {
  return {
    authorization: `${issuer}/api/lti/authorize`,
    jwks: `${issuer}/api/lti/jwks`,
    /** OAuth 2.0 client credentials for AGS and NRPS (access-tokens.ts). */
    token: `${issuer}/api/lti/token`,
    /** Dynamic Registration 1.0: tools read the configuration, then post their registration (dynamic-registration.ts). */
    openIdConfiguration: `${issuer}/api/lti/registration/openid-configuration`,
    registration: `${issuer}/api/lti/registration`,
    /** Where a tool sends the user back (launch_presentation.return_url): the portal's home. */
    returnUrl: `${issuer}/`,
    /** The same for a framed launch: a page that takes the whole window back to the portal (the portal itself refuses to be framed). */
    frameReturnUrl: `${issuer}/api/lti/return`,
  };
}

export function createLtiPlatform(options: {
  issuer: string;
  keyStore: KeyStore;
  pseudonymKey: string;
  directory?: LaunchDirectory;
  replay?: ReplayGuard;
  clock?: () => Date;
  onKeyError?: (error: unknown) => void;
}): LtiPlatform {
  const clock = options.clock ?? (() => new Date());
  return {
    issuer: options.issuer.replace(/\/+$/, ""),
    keyStore: options.keyStore,
    keys: new SigningKeys(options.keyStore, { clock: () => clock().getTime(), ...(options.onKeyError ? { onError: options.onKeyError } : {}) }),
    pseudonyms: new Pseudonyms(options.pseudonymKey),
    directory: options.directory ?? catalogueDirectory(() => clock().getTime()),
    replay: options.replay ?? new InProcessReplayGuard(),
    clock,
  };
}

let processPlatform: LtiPlatform | undefined;

/** The platform of this process (the functions use it): issuer, key store and pseudonym key from the settings. */
export function ltiPlatform(): LtiPlatform {
  if (!processPlatform) {
    const settings = appSettings();
    const log = createLogger(settings.LOG_LEVEL, { component: "lti-keys" });
    processPlatform = createLtiPlatform({
      issuer: settings.PUBLIC_BASE_URL,
      keyStore: createKeyStore(settings),
      pseudonymKey: settings.LTI_PSEUDONYM_KEY,
      onKeyError: (error) => log.error({ err: error }, "LTI signing keys could not be refreshed; the loaded ones stay in use"),
    });
  }
  return processPlatform;
}
