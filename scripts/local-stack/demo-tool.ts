/**
 * The demo LTI 1.3 tool of the local stack, built on ltijs (an LTI library that is not our
 * code): it is registered with the portal as the platform and shows the claims it received.
 * It counts the class with ltijs' NamesAndRoles service and posts a score back with its Grade
 * service (the platform's token endpoint, NRPS and AGS). When the portal asks for content
 * (Deep Linking, `onDeepLinking`), a teacher picks exercises that come back as activities.
 * Run as a child process of the local stack:
 *   node demo-tool.js <port> <data-dir> <config-file>
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ltijs, { type LtiToken } from "ltijs";
import Database from "ltijs-sequelize";
import { z } from "zod";
import { deepLinkingItemsOf, deepLinkingPage, launchPage, scorePage } from "./demo-tool-page.js";

/** What the local stack writes to the config file: the platform as the tool registers it. */
export const DemoToolConfig = z.object({
  issuer: z.url(),
  /** One per registration of the tool in the portal (the window and the in-portal edition). */
  clientIds: z.array(z.string().min(1)).min(1),
  authorizationEndpoint: z.url(),
  tokenEndpoint: z.url(),
  jwksUrl: z.url(),
  /** ltijs signs its cookies and encrypts its stored keys with it; kept in the stack's secrets. */
  encryptionKey: z.string().min(32),
});
export type DemoToolConfig = z.infer<typeof DemoToolConfig>;

const [portArg, dataDir, configPath] = process.argv.slice(2);
if (!portArg || !dataDir || !configPath) {
  console.error("usage: demo-tool <port> <data-dir> <config-file>");
  process.exit(2);
}
const config = DemoToolConfig.parse(JSON.parse(await readFile(configPath, "utf8")));
await mkdir(dataDir, { recursive: true });

const lti = ltijs.Provider;
lti.setup(
  config.encryptionKey,
  { plugin: new Database("demo-tool", "", "", { dialect: "sqlite", storage: join(dataDir, "ltijs.sqlite"), logging: false }) },
  // The portal and the tool share the site `localhost` locally, so Lax cookies survive the form post.
  { appRoute: "/", loginRoute: "/login", keysetRoute: "/keys", cookies: { secure: false, sameSite: "Lax" }, devMode: false },
);
lti.onConnect(async (token, _req, res) => {
  res.setHeader("content-type", "text/html; charset=utf-8");
  return res.send(launchPage(token, res.locals.ltik, await classSizeOf(token)));
});

/** How many members the launch's class has, read with ltijs' NamesAndRoles service (the token endpoint and NRPS); null without the claim or on failure. */
async function classSizeOf(token: LtiToken): Promise<number | null> {
  if (!token.platformContext.namesRoles) return null;
  try {
    return (await lti.NamesAndRoles.getMembers(token, { pages: false })).members.length;
  } catch (error) {
    console.error(JSON.stringify({ classListFailed: String(error), body: (error as { response?: { body?: string } }).response?.body }));
    return null;
  }
}
/** The resource link's title names the line item (the tool's title in the catalogue for a tile), so each of the tool's registrations gets its own column. */
const lineItemLabelOf = (token: LtiToken): string => token.platformContext.resource?.title ?? "Demo rekentool";
// "Score 8/10 insturen": the launch's line item, or the resource link's (created when missing), gets 8/10 for the launching user.
lti.app.post("/score", async (_req, res) => {
  const token = res.locals.token!;
  res.setHeader("content-type", "text/html; charset=utf-8");
  try {
    let lineItemId = token.platformContext.endpoint?.lineitem as string | undefined;
    if (!lineItemId) {
      const found = await lti.Grade.getLineItems(token, { resourceLinkId: true });
      lineItemId =
        found.lineItems[0]?.id ??
        (await lti.Grade.createLineItem(token, { scoreMaximum: 10, label: lineItemLabelOf(token), resourceLinkId: token.platformContext.resource!.id })).id;
    }
    await lti.Grade.submitScore(token, lineItemId, { scoreGiven: 8, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded" });
    return res.send(scorePage(token, true));
  } catch (error) {
    console.error(JSON.stringify({ scoreFailed: String(error), body: (error as { response?: { body?: string } }).response?.body }));
    return res.status(502).send(scorePage(token, false));
  }
});
// Deep Linking: a teacher picks exercises; ltijs signs them into the response that its form posts back to Leerspoor.
lti.onDeepLinking((token, _req, res) => {
  res.setHeader("content-type", "text/html; charset=utf-8");
  return res.send(deepLinkingPage(token, res.locals.ltik!));
});
lti.app.post("/deep-link", async (req, res) => {
  const token = res.locals.token!;
  const chosen = req.body.cancel ? [] : [req.body.exercise ?? []].flat().map(String);
  const { items, message } = deepLinkingItemsOf(token, chosen, `http://localhost:${portArg}`);
  res.setHeader("content-type", "text/html; charset=utf-8");
  return res.send(await lti.DeepLinking.createDeepLinkingForm(token, items, { message }));
});
lti.onInvalidToken((_req, res) => res.status(401).json(res.locals.err));

await lti.deploy({ port: Number(portArg), silent: true });
for (const clientId of config.clientIds) {
  await lti.registerPlatform({
    url: config.issuer,
    name: "Leerspoor",
    clientId,
    authenticationEndpoint: config.authorizationEndpoint,
    accesstokenEndpoint: config.tokenEndpoint,
    authConfig: { method: "JWK_SET", key: config.jwksUrl },
  });
}
process.on("SIGTERM", () => {
  void lti.close({ silent: true }).finally(() => process.exit(0));
});
console.log(JSON.stringify({ ready: true, port: Number(portArg), clientIds: config.clientIds }));
