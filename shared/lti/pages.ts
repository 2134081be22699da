import { randomBytes } from "node:crypto";
import type { Locale } from "./claims.js";
import type { AuthorizationOutcome, AuthorizationRefusal } from "./authorization.js";
import type { DeepLinkRefusal } from "./deep-linking.js";
import type { LaunchRefusal, LaunchRefusalDetails } from "./login-initiation.js";
import { pageTexts } from "./page-texts.js";

/*
 * The few HTML pages of a launch: the auto-submitted form post (OIDC form_post response mode)
 * and the refusal page. Each carries a CSP whose nonce admits only its own one-line script;
 * the visible button submits the form without JavaScript. Framed launches show them inside the
 * portal's tool page (frame-ancestors 'self'); the way home leaves the frame.
 */

export interface HtmlPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const style =
  "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:3rem auto;max-width:34rem;padding:0 1rem;line-height:1.5;color:#1b1b1b}" +
  "h1{font-size:1.5rem}button,a.button{font:inherit;font-size:1.125rem;padding:.6rem 1.4rem;border-radius:.4rem;border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;text-decoration:none;cursor:pointer}" +
  "button:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}small{color:#4b5563}";

function page(locale: Locale, title: string, main: string, options: { status: number; script?: string; formAction?: string }): HtmlPage {
  const nonce = randomBytes(16).toString("base64");
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    ...(options.script ? [`script-src 'nonce-${nonce}'`] : []),
    `form-action ${options.formAction ?? "'none'"}`,
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join("; ");
  const body =
    `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${style}</style></head>` +
    `<body><main>${main}</main>${options.script ? `<script nonce="${nonce}">${options.script}</script>` : ""}</body></html>\n`;
  return {
    status: options.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": csp,
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
    body,
  };
}

/** Posts `fields` to `action` at once; `formAction` is the CSP source that admits it. */
export function formPostPage(action: string, fields: Record<string, string>, locale: Locale): HtmlPage {
  const texts = pageTexts[locale];
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  const target = new URL(action);
  const main =
    `<h1>${escapeHtml(texts.opening)}</h1><form method="post" action="${escapeHtml(action)}">${inputs}` +
    `<p>${escapeHtml(texts.noScript)}</p><button type="submit">${escapeHtml(texts.continue)}</button></form>`;
  return page(locale, texts.opening, main, { status: 200, script: "document.forms[0].submit();", formAction: target.origin });
}

/** A launch or authorization request that the portal refuses, explained in the person's language. */
export function refusalPage(
  reason: LaunchRefusal | AuthorizationRefusal,
  locale: Locale,
  status: number,
  reference: string,
  homeUrl = "/",
  details: LaunchRefusalDetails = {},
): HtmlPage {
  const texts = pageTexts[locale];
  // One pass with a function: a provider's name is text, never a `$'` pattern or a placeholder to fill in again.
  const values: Record<string, string> = { provider: details.providerName ?? "", seats: String(details.seats ?? "") };
  const explanation = texts.reasons[reason].replace(/\{(provider|seats)\}/g, (_placeholder, name: string) => values[name]!);
  const main =
    `<h1>${escapeHtml(texts.refusedTitle)}</h1><p id="reason" data-reason="${escapeHtml(reason)}">${escapeHtml(explanation)}</p>` +
    `<p><a class="button" href="${escapeHtml(homeUrl)}" target="_top">${escapeHtml(texts.backHome)}</a></p>` +
    `<p><small>${escapeHtml(texts.reference)}: <code>${escapeHtml(reference)}</code></small></p>`;
  return page(locale, texts.refusedTitle, main, { status });
}

const launchRefusalStatus: Record<LaunchRefusal, number> = {
  "no-school": 403,
  "unknown-tool": 404,
  "not-enabled": 403,
  "group-not-found": 404,
  "not-in-group": 403,
  "no-deep-linking": 403,
  "unknown-activity": 404,
  "no-licence": 403,
  "seats-exhausted": 403,
};

export function launchRefusalPage(reason: LaunchRefusal, locale: Locale, reference: string, details: LaunchRefusalDetails = {}): HtmlPage {
  return refusalPage(reason, locale, launchRefusalStatus[reason], reference, "/", details);
}

const deepLinkRefusalStatus: Record<DeepLinkRefusal, number> = {
  "response-invalid": 400,
  "response-expired": 400,
  "response-replayed": 409,
  "data-invalid": 400,
  "not-signed-in": 401,
  "other-person": 403,
  "items-not-accepted": 422,
  "not-enabled": 403,
  "group-not-found": 404,
};

/** A deep-linking response the portal did not take: the teacher's browser lands here, so a page, never problem+json. */
export function deepLinkRefusalPage(reason: DeepLinkRefusal, locale: Locale, reference: string, toolMessage?: string, backUrl = "/school/klassen"): HtmlPage {
  const texts = pageTexts[locale];
  const main =
    `<h1>${escapeHtml(texts.linkRefusedTitle)}</h1><p id="reason" data-reason="${escapeHtml(reason)}">${escapeHtml(texts.linkReasons[reason])}</p>` +
    (toolMessage ? `<p>${escapeHtml(texts.toolSaid)}: <q id="tool-message">${escapeHtml(toolMessage)}</q></p>` : "") +
    `<p><a class="button" href="${escapeHtml(backUrl)}" target="_top">${escapeHtml(texts.backToClass)}</a></p>` +
    `<p><small>${escapeHtml(texts.reference)}: <code>${escapeHtml(reference)}</code></small></p>`;
  return page(locale, texts.linkRefusedTitle, main, { status: deepLinkRefusalStatus[reason] });
}

/**
 * Where a framed tool sends the person back (launch_presentation.return_url): inside the
 * portal's tool page, so the whole window goes to the portal's home; the link does the same
 * without JavaScript.
 */
export function frameReturnPage(locale: Locale): HtmlPage {
  const texts = pageTexts[locale];
  const main = `<h1>${escapeHtml(texts.backHome)}</h1><p><a class="button" href="/" target="_top">${escapeHtml(texts.backHome)}</a></p>`;
  return page(locale, texts.backHome, main, { status: 200, script: 'window.top.location.href = "/";' });
}

/** The authorization endpoint's answer as a page: a form post to the tool, a re-submission to itself, or a refusal. */
export function authorizationPage(outcome: AuthorizationOutcome, authorizationEndpoint: string, reference: string): HtmlPage {
  switch (outcome.kind) {
    case "form-post":
      return formPostPage(outcome.redirectUri, outcome.fields, outcome.locale);
    case "resubmit":
      return formPostPage(authorizationEndpoint, { ...outcome.fields, [resubmittedField]: "1" }, outcome.locale);
    case "refused":
      return refusalPage(outcome.refusal, outcome.locale, 400, reference);
  }
}

/** Marks the portal's own re-submission of a cross-site POST that arrived without the session cookie. */
export const resubmittedField = "leerspoor_resubmitted";
