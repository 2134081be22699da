import type { Cookie, HttpRequest } from "../runtime/index.js";
import { appSettings } from "../config/index.js";

const isSecureOrigin = (): boolean => new URL(appSettings().PUBLIC_BASE_URL).protocol === "https:";

/**
 * `__Host-` binds the cookie to this host and path `/` (no Domain, Secure required); on
 * http://localhost browsers refuse Secure cookies, so the plain name is used there.
 */
export const sessionCookieName = (): string => (isSecureOrigin() ? "__Host-leerspoor_session" : "leerspoor_session");
export const loginCookieName = (): string => (isSecureOrigin() ? "__Host-leerspoor_login" : "leerspoor_login");

export function readCookie(request: HttpRequest, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

export function httpOnlyCookie(name: string, value: string, maxAgeSeconds: number): Cookie {
  return { name, value, path: "/", httpOnly: true, secure: isSecureOrigin(), sameSite: "Lax", maxAge: maxAgeSeconds };
}

export const expiredCookie = (name: string): Cookie => httpOnlyCookie(name, "", 0);
