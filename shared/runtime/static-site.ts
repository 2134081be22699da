import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { z } from "zod";

/** The parts of `staticwebapp.config.json` that the local host honours, as Static Web Apps does. */
const StaticWebAppConfig = z.object({
  navigationFallback: z
    .object({ rewrite: z.string(), exclude: z.array(z.string()).default([]) })
    .optional(),
  globalHeaders: z.record(z.string(), z.string()).default({}),
});

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** SWA exclude patterns are globs such as `/assets/*` or `*.{css,js}`. */
function globToRegExp(glob: string): RegExp {
  let pattern = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") pattern += ".*";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      pattern += `(${glob.slice(i + 1, end).split(",").map(escape).join("|")})`;
      i = end;
    } else pattern += escape(c);
  }
  return new RegExp(`^${pattern}$`);
}
const escape = (s: string): string => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");

export interface StaticSite {
  serve(pathname: string): Promise<StaticResponse>;
}

export interface StaticSiteOptions {
  /** Sources added to the CSP's `frame-src` (the portal frames tools that allow it). */
  frameSources?: readonly string[];
}

export async function loadStaticSite(root: string, options: StaticSiteOptions = {}): Promise<StaticSite> {
  const configText = await readFile(join(root, "staticwebapp.config.json"), "utf8").catch(() => "{}");
  const config = StaticWebAppConfig.parse(JSON.parse(configText));
  config.globalHeaders = withFrameSources(config.globalHeaders, options.frameSources ?? []);
  const excluded = (config.navigationFallback?.exclude ?? []).map(globToRegExp);

  async function fileResponse(path: string, status = 200): Promise<StaticResponse | undefined> {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const isHashedAsset = path.includes(`${sep}assets${sep}`);
    return {
      status,
      headers: {
        ...config.globalHeaders,
        "content-type": contentTypes[extname(path)] ?? "application/octet-stream",
        "cache-control": isHashedAsset ? "public, max-age=31536000, immutable" : "no-cache",
      },
      body: await readFile(path),
    };
  }

  return {
    async serve(pathname) {
      const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
      if (relative.startsWith("..")) return notFound(config.globalHeaders);
      const direct = await fileResponse(join(root, relative === "" ? "index.html" : relative));
      if (direct) return direct;
      const fallback = config.navigationFallback;
      if (!fallback || excluded.some((pattern) => pattern.test(pathname))) return notFound(config.globalHeaders);
      return (await fileResponse(join(root, fallback.rewrite))) ?? notFound(config.globalHeaders);
    },
  };
}

/** Adds `sources` to the `frame-src` directive of the Content-Security-Policy header, when both are there. */
function withFrameSources(headers: Record<string, string>, sources: readonly string[]): Record<string, string> {
  const name = Object.keys(headers).find((header) => header.toLowerCase() === "content-security-policy");
  if (!name || sources.length === 0) return headers;
  const directives = headers[name]!.split(";").map((directive) =>
    /^\s*frame-src\s/.test(directive) ? `${directive.trimEnd()} ${sources.join(" ")}` : directive,
  );
  return { ...headers, [name]: directives.join(";") };
}

function notFound(headers: Record<string, string>): StaticResponse {
  return { status: 404, headers: { ...headers, "content-type": "text/plain; charset=utf-8" }, body: Buffer.from("Not found") };
}
