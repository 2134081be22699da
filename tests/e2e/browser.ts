import { existsSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's package (`apt-get install chromium`) when present; otherwise the one shipped in npm. */
const debianChromium = "/usr/bin/chromium";

// Nothing outside loopback is reachable on the test machines; stop Chromium from trying.
const quietFlags = [
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

// @sparticuz/chromium targets AWS Lambda and relaxes security there; with these flags a CSP or
// CORS test would pass whatever the headers say.
const securityWeakeningFlags = new Set(["--disable-web-security", "--allow-running-insecure-content", "--single-process"]);

export interface ChromiumChoice {
  executablePath: string;
  args: string[];
  source: "debian" | "@sparticuz/chromium";
}

export async function chooseChromium(): Promise<ChromiumChoice> {
  if (existsSync(debianChromium)) {
    return {
      executablePath: debianChromium,
      args: ["--headless", "--no-sandbox", "--disable-gpu", ...quietFlags],
      source: "debian",
    };
  }
  return {
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args.filter((flag) => !securityWeakeningFlags.has(flag)), ...quietFlags],
    source: "@sparticuz/chromium",
  };
}

export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await chooseChromium();
  return chromium.launch({ executablePath, args, headless: true });
}

export interface AxeReport {
  violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"];
  /** One line per violation and element, for a failure message; empty when there are none. */
  summary: string[];
}

/** `exclude`: selectors of parts to leave out, such as a framed page that is not the portal's. */
export async function runAxe(page: Page, { exclude = [] }: { exclude?: string[] } = {}): Promise<AxeReport> {
  const builder = new AxeBuilder({ page });
  for (const selector of exclude) builder.exclude(selector);
  const { violations } = await builder.analyze();
  const summary = violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact ?? "?"}): ${violation.help} — ${node.target.join(" ")} — ${node.failureSummary ?? ""}`,
    ),
  );
  return { violations, summary };
}
