import type { AppSettings } from "../../config/index.js";
import { Auth0AccountAdministration } from "./auth0-management.js";
import { LocalAccountAdministration } from "./local-administration.js";
import { OpenIdConnectProvider } from "./openid-connect.js";
import type { AccountAdministration, IdentityProvider } from "./port.js";

export { IdTokenClaims } from "./claims.js";
export { isLocalHttpIssuer } from "./openid-connect.js";
export { SignInFailed } from "./port.js";
export type { AccountAdministration, IdentityProvider, SignedIn, SignInChecks, SignInFailureReason } from "./port.js";

export function createIdentityProvider(settings: AppSettings): IdentityProvider {
  return new OpenIdConnectProvider({
    issuer: new URL(settings.OIDC_ISSUER_URL),
    clientId: settings.OIDC_CLIENT_ID,
    clientSecret: settings.OIDC_CLIENT_SECRET,
  });
}

export function createAccountAdministration(settings: AppSettings): AccountAdministration {
  if (settings.IDP_MANAGEMENT_DRIVER === "auth0") {
    // loadAppSettings refuses the auth0 driver without these three.
    return new Auth0AccountAdministration({
      domain: settings.AUTH0_MANAGEMENT_DOMAIN!,
      clientId: settings.AUTH0_MANAGEMENT_CLIENT_ID!,
      clientSecret: settings.AUTH0_MANAGEMENT_CLIENT_SECRET!,
    });
  }
  if (!settings.LOCAL_IDP_ADMIN_TOKEN) throw new Error("LOCAL_IDP_ADMIN_TOKEN is required when IDP_MANAGEMENT_DRIVER is local");
  return new LocalAccountAdministration({ issuer: new URL(settings.OIDC_ISSUER_URL), adminToken: settings.LOCAL_IDP_ADMIN_TOKEN });
}
