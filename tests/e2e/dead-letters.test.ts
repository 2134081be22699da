import { randomUUID } from "node:crypto";
import { createMessageQueue, documentStore, type MessageQueue, type OutgoingMessage } from "../../shared/adapters/index.js";
import { appSettings } from "../../shared/config/index.js";
import { requestErasure, type PrivacyRequest } from "../../shared/privacy/index.js";
import { createPerson, readPerson } from "../../shared/schools/index.js";
import { eventually } from "../support/licences.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { locales, messages } from "./portal-texts.js";
import { expectNoAxeViolations, open, tabTo, usePortalBrowser } from "./portal-session.js";

/*
 * The operator's dead-letter page in Chromium: a privacy request's message that overtook its
 * request (sent before the request was stored, so the processor dead-letters it at once as
 * poison) is listed under its queue, axe-clean in nl, en and fr; once the request exists, the
 * operator reaches the page and replays it from the keyboard, hears the outcome in the live
 * region, and the erasure is carried out.
 */

const fill = (message: string, values: Record<string, string | number>): string => message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));

const portal = usePortalBrowser();
let queue: MessageQueue;
let operator: TestCaller;
let schoolId: string;
let admin: TestCaller;
let personId: string;
const requestId = randomUUID();

beforeAll(async () => {
  queue = createMessageQueue(appSettings(), () => undefined);
  operator = await callerWith("operator");
  schoolId = await schoolFor();
  admin = await callerWith("schoolAdmin", schoolId);
  personId = (await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Oona", familyName: "Overhaast" })).id;
  await queue.send("privacy-requests", [{ id: requestId, body: { requestId, schoolId } }]);
  await eventually(
    () => queue.peekDeadLettered("privacy-requests", 32),
    (peek) => peek.messages.some((message) => message.id === requestId),
  );
}, 90_000);

afterAll(async () => {
  // Left there when the replay test did not run or failed.
  await queue?.removeDeadLettered("privacy-requests", ({ id }) => id === requestId);
  await queue?.close();
});

describe("the operator's dead-letter page", () => {
  test.each(locales)("lists the dead letters per queue with their ids and reason, axe-clean in %s", async (locale) => {
    const m = messages[locale].operatorDeadLetters;
    const page = await portal.pageSignedInAs(operator);
    await open(page, `/beheer/wachtrijen?lang=${locale}`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(m.heading);
    for (const name of Object.values(m.queues)) await page.getByRole("heading", { level: 2, name }).waitFor();
    const section = page.getByRole("region", { name: m.queues["privacy-requests"] });
    const row = section.locator(`tr[data-message-id="${requestId}"]`);
    expect(await row.innerText()).toContain(`requestId: ${requestId}, schoolId: ${schoolId}`);
    expect(await row.innerText()).toContain(`No privacy request ${requestId}`);
    // The button's name says which message it replays.
    expect(await row.getByRole("button", { name: `${m.replay} ${requestId}`, exact: true }).count()).toBe(1);
    expect(await page.locator("main").innerText()).not.toMatch(/Oona|Overhaast/);
    await expectNoAxeViolations(page, `operator dead letters (${locale})`);
  }, 60_000);

  test("the operator goes there from the home page and replays a dead letter by keyboard once its cause is fixed", async () => {
    const m = messages.nl.operatorDeadLetters;
    // The fix: the request the message is about now exists.
    const keeping = { send: async (_queue: string, _messages: OutgoingMessage[]) => {} } as MessageQueue;
    await requestErasure(
      { sessionId: "test", personId: admin.personId, displayName: "Test", roles: ["schoolAdmin"], schoolId, csrfToken: "test" },
      { schoolId },
      personId,
      async () => ({ confirmName: "Oona Overhaast" }),
      { queue: keeping, newId: () => requestId },
    );

    const page = await portal.pageSignedInAs(operator);
    await open(page, "/?lang=nl");
    await tabTo(page, 'main a[href="/beheer/wachtrijen"]', 80);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: m.heading }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);

    await tabTo(page, `tr[data-message-id="${requestId}"] button`, 200);
    await page.keyboard.press("Enter");
    const status = page.getByRole("status").filter({ hasText: requestId });
    await status.waitFor();
    expect(await status.innerText()).toBe(fill(m.replayed, { messageId: requestId, queue: m.queues["privacy-requests"] }));
    await page.locator(`tr[data-message-id="${requestId}"]`).waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("queue-privacy-requests-heading");
    await expectNoAxeViolations(page, "operator dead letters after a replay");

    await eventually(
      () => documentStore().container("school-data").read<PrivacyRequest>(requestId, schoolId),
      (request) => request?.state === "completed",
    );
    expect(await readPerson({ schoolId }, personId)).toBeUndefined();
  }, 90_000);

  test("the operator discards a dead letter that is not to be processed, by keyboard, after confirming", async () => {
    const m = messages.nl.operatorDeadLetters;
    const orphan = randomUUID();
    await queue.send("privacy-requests", [{ id: orphan, body: { requestId: orphan, schoolId } }]);
    await eventually(
      () => queue.peekDeadLettered("privacy-requests", 32),
      (peek) => peek.messages.some((message) => message.id === orphan),
    );
    const page = await portal.pageSignedInAs(operator);
    await open(page, "/beheer/wachtrijen?lang=nl");
    const discard = `tr[data-message-id="${orphan}"] button:last-of-type`;
    expect(await page.locator(`tr[data-message-id="${orphan}"]`).getByRole("button", { name: `${m.discard} ${orphan}`, exact: true }).count()).toBe(1);

    // Escape keeps it; confirming discards it.
    await tabTo(page, discard, 200);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: m.confirm.title });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(m.confirm.cancel);
    await expectNoAxeViolations(page, "operator dead letters, discard dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await page.evaluate((selector) => document.activeElement === document.querySelector(selector), discard)).toBe(true);
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(m.confirm.confirm);
    await page.keyboard.press("Enter");

    const status = page.getByRole("status").filter({ hasText: orphan });
    await status.waitFor();
    expect(await status.innerText()).toBe(fill(m.discarded, { messageId: orphan, queue: m.queues["privacy-requests"] }));
    await page.locator(`tr[data-message-id="${orphan}"]`).waitFor({ state: "detached" });
    expect((await queue.peekDeadLettered("privacy-requests", 32)).messages.map((message) => message.id)).not.toContain(orphan);
  }, 60_000);
});
