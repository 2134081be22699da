import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStaticSite } from "../../shared/runtime/static-site.js";

async function site() {
  const root = await mkdtemp(join(tmpdir(), "leerspoor-site-"));
  await mkdir(join(root, "assets"));
  await writeFile(join(root, "index.html"), "<!doctype html><title>portal</title>");
  await writeFile(join(root, "assets", "app-1234.js"), "console.log(1)");
  await writeFile(
    join(root, "staticwebapp.config.json"),
    JSON.stringify({
      navigationFallback: { rewrite: "/index.html", exclude: ["/assets/*", "*.{png,ico}"] },
      globalHeaders: { "X-Frame-Options": "DENY" },
    }),
  );
  return loadStaticSite(root);
}

describe("the static portal, served as Static Web Apps serves it", () => {
  it("serves files with their type, global headers and long caching for hashed assets", async () => {
    const asset = await (await site()).serve("/assets/app-1234.js");
    expect(asset.status).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.headers["X-Frame-Options"]).toBe("DENY");
    expect(asset.headers["cache-control"]).toMatch(/immutable/);
  });

  it("falls back to index.html for client routes", async () => {
    const page = await (await site()).serve("/school/classes/1A");
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain("<title>portal</title>");
    expect(page.headers["cache-control"]).toBe("no-cache");
  });

  it("answers 404 for excluded paths instead of the fallback", async () => {
    expect((await (await site()).serve("/assets/missing.js")).status).toBe(404);
    expect((await (await site()).serve("/logo.png")).status).toBe(404);
  });

  it("never serves a file outside its root", async () => {
    const response = await (await site()).serve("/../../etc/passwd");
    expect(response.body.toString()).not.toMatch(/root:/);
  });
});

describe("the frame sources the local host adds to the portal's CSP", () => {
  async function siteWithCsp(csp: string, frameSources: string[]) {
    const root = await mkdtemp(join(tmpdir(), "leerspoor-site-"));
    await writeFile(join(root, "index.html"), "<!doctype html><title>portal</title>");
    await writeFile(join(root, "staticwebapp.config.json"), JSON.stringify({ globalHeaders: { "Content-Security-Policy": csp } }));
    return loadStaticSite(root, { frameSources });
  }

  it("extends frame-src and leaves the other directives as the config says", async () => {
    const site = await siteWithCsp("default-src 'self'; frame-src 'self' https:; frame-ancestors 'none'", ["http://localhost:*"]);
    const page = await site.serve("/");
    expect(page.headers["Content-Security-Policy"]).toBe("default-src 'self'; frame-src 'self' https: http://localhost:*; frame-ancestors 'none'");
  });

  it("adds nothing where the config has no frame-src directive", async () => {
    const site = await siteWithCsp("default-src 'self'; frame-ancestors 'none'", ["http://localhost:*"]);
    expect((await site.serve("/")).headers["Content-Security-Policy"]).toBe("default-src 'self'; frame-ancestors 'none'");
  });
});

describe("the portal's own staticwebapp.config.json", () => {
  it("frames https tools only, and is framed by nobody", async () => {
    const config = JSON.parse(await readFile(new URL("../../static-web/public/staticwebapp.config.json", import.meta.url), "utf8"));
    const directives = (config.globalHeaders["Content-Security-Policy"] as string).split(";").map((directive) => directive.trim());
    expect(directives).toContain("frame-src 'self' https:");
    expect(directives).toContain("frame-ancestors 'none'");
  });
});
