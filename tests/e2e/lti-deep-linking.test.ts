import { createKeyStore } from "../../shared/adapters/keys/index.js";
import { createLtiPlatform, sealDeepLinkOutcome, type DeepLinkOutcomeView } from "../../shared/lti/index.js";
import { addMember, createGroup } from "../../shared/schools/index.js";
import { uniqueMarker } from "../support/catalogue.js";
import { callerWith } from "../support/sessions.js";
import { testSettings } from "../support/settings.js";
import { locales, messages } from "./portal-texts.js";
import { expectNoAxeViolations, settled, usePortalBrowser } from "./portal-session.js";

/*
 * Deep linking in Chromium: on a class page, a teacher of the demo school picks exercises in
 * the demo LTI tool (ltijs, run by the local stack) by keyboard; the browser comes back to the
 * class page, which lists them as activities; a pupil of the class opens one.
 */
const demoSchoolId = "school-999101";
const nl = messages.nl;

// Dutch, as the demo school's people: a launch (and so the demo tool) takes the browser's language.
const portal = usePortalBrowser({ locale: "nl-BE" });

/** An outcome as the deep-linking return seals it, with the stack's own keys. */
async function sealedOutcome(personId: string, groupId: string, outcome: DeepLinkOutcomeView): Promise<string> {
  const settings = testSettings();
  const platform = createLtiPlatform({ issuer: settings.PUBLIC_BASE_URL, keyStore: createKeyStore(settings), pseudonymKey: settings.LTI_PSEUDONYM_KEY });
  return sealDeepLinkOutcome(platform, { personId, schoolId: demoSchoolId, groupId }, outcome);
}

describe("adding activities from a tool to a class, in Chromium", () => {
  it("a teacher picks two exercises in the demo tool by keyboard and finds them as activities of the class, in nl, en and fr without axe violations", async () => {
    const name = `3C ${uniqueMarker()}`;
    const group = await createGroup({ schoolId: demoSchoolId }, { groupType: "class", name });
    const teacher = await portal.pageSignedInAs(await callerWith("teacher", demoSchoolId));
    await teacher.goto(`/school/klassen/${group.id}`);
    await teacher.getByRole("heading", { level: 1, name }).waitFor();
    await teacher.getByRole("button", { name: nl.groupActivities.add.submit }).waitFor();
    await settled(teacher);
    const section = teacher.getByRole("region", { name: nl.groupActivities.heading });
    await expect(section.getByText(nl.groupActivities.empty).count()).resolves.toBe(1);
    await expectNoAxeViolations(teacher, "class page without activities");

    const tools = teacher.getByRole("combobox", { name: nl.groupActivities.add.tool });
    await tools.selectOption({ label: "Demo rekentool" });
    await tools.focus();
    await teacher.keyboard.press("Tab");
    await expect(teacher.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe(nl.groupActivities.add.submit);
    await teacher.keyboard.press("Enter");

    await teacher.getByRole("heading", { level: 1, name: "Oefeningen kiezen" }).waitFor();
    expect(new URL(teacher.url()).origin).toBe(`http://localhost:${process.env.LOCAL_DEMO_TOOL_PORT}`);
    await teacher.getByLabel(/Optellen tot 100/).focus();
    await teacher.keyboard.press("Space");
    await teacher.getByRole("button", { name: "Toevoegen aan Leerspoor" }).focus();
    await teacher.keyboard.press("Enter");

    await teacher.waitForURL((url) => url.pathname === `/school/klassen/${group.id}`);
    await teacher.getByRole("table", { name: nl.groupActivities.heading }).waitFor();
    await settled(teacher);
    await teacher.getByRole("status").filter({ hasText: "2 activiteiten toegevoegd. De tool meldt: Gekozen in de demo rekentool" }).waitFor();
    await expect(teacher.getByRole("alert").count()).resolves.toBe(0);
    // Said once: the address no longer carries it.
    await teacher.waitForURL((url) => url.search === "");
    const table = teacher.getByRole("table", { name: nl.groupActivities.heading });
    await expect(table.getByRole("rowheader").allInnerTexts()).resolves.toEqual([
      expect.stringContaining("Tafel van 3"),
      expect.stringContaining("Optellen tot 100"),
    ]);
    await expect(table.getByRole("row", { name: /Tafel van 3/ }).getByRole("cell").first().innerText()).resolves.toBe("Demo rekentool");
    await expectNoAxeViolations(teacher, "class page with activities (nl)");

    for (const locale of locales.filter((each) => each !== "nl")) {
      await teacher.goto(`/school/klassen/${group.id}?lang=${locale}`);
      await teacher.getByRole("button", { name: messages[locale].groupActivities.add.submit }).waitFor();
      await settled(teacher);
      await expectNoAxeViolations(teacher, `class page with activities (${locale})`);
    }
  }, 120_000);

  it("the class page says what a tool reported only from an outcome sealed for the teacher: the tool's error as an alert, nothing from an address someone made", async () => {
    const name = `3E ${uniqueMarker()}`;
    const group = await createGroup({ schoolId: demoSchoolId }, { groupType: "class", name });
    const caller = await callerWith("teacher", demoSchoolId);
    const teacher = await portal.pageSignedInAs(caller);
    const status = teacher.getByRole("region", { name: nl.groupActivities.heading }).getByRole("status");

    await teacher.goto(`/school/klassen/${group.id}?activiteiten=3&melding=${encodeURIComponent("Bel meteen 0900 12 34 56")}`);
    await teacher.getByRole("heading", { level: 1, name }).waitFor();
    await settled(teacher);
    await expect(status.innerText()).resolves.toBe("");
    await expect(teacher.getByText(/0900/).count()).resolves.toBe(0);

    const colleague = await callerWith("teacher", demoSchoolId);
    const refused = teacher.waitForResponse((response) => response.url().includes("/deep-link-outcome"));
    await teacher.goto(`/school/klassen/${group.id}?uitkomst=${await sealedOutcome(colleague.personId, group.id, { added: 4, message: "Bel meteen 0900 12 34 56" })}`);
    expect((await refused).status()).toBe(400);
    await settled(teacher);
    await teacher.waitForURL((url) => url.search === "");
    await expect(status.innerText()).resolves.toBe("");
    await expect(teacher.getByText(/0900/).count()).resolves.toBe(0);

    await teacher.goto(`/school/klassen/${group.id}?uitkomst=${await sealedOutcome(caller.personId, group.id, { added: 0, errorMessage: "De oefenbank is even niet bereikbaar" })}`);
    await settled(teacher);
    const alert = teacher.getByRole("alert").filter({ hasText: nl.groupActivities.toolError.replace("{message}", "De oefenbank is even niet bereikbaar") });
    await alert.waitFor();
    await expect(status.innerText()).resolves.toBe("Geen activiteiten toegevoegd.");
    await teacher.waitForURL((url) => url.search === "");
    await expectNoAxeViolations(teacher, "class page with the tool's error");
  }, 120_000);

  it("a pupil of the class opens an activity, and the demo tool receives its exercise", async () => {
    const name = `3D ${uniqueMarker()}`;
    const group = await createGroup({ schoolId: demoSchoolId }, { groupType: "class", name });
    const teacher = await portal.pageSignedInAs(await callerWith("teacher", demoSchoolId));
    await teacher.goto(`/school/klassen/${group.id}`);
    await teacher.getByRole("combobox", { name: nl.groupActivities.add.tool }).selectOption({ label: "Demo rekentool" });
    await teacher.getByRole("button", { name: nl.groupActivities.add.submit }).click();
    await teacher.getByRole("button", { name: "Toevoegen aan Leerspoor" }).click();
    await teacher.waitForURL((url) => url.pathname === `/school/klassen/${group.id}`);
    const link = teacher.getByRole("table", { name: nl.groupActivities.heading }).getByRole("link", { name: /Tafel van 3/ });
    const href = (await link.getAttribute("href"))!;
    await expect(link.getAttribute("target")).resolves.toBe("_blank");

    const pupil = await callerWith("pupil", demoSchoolId);
    await addMember({ schoolId: demoSchoolId }, group.id, pupil.personId, "pupil");
    const tool = await portal.pageSignedInAs(pupil);
    await tool.goto(href);
    await tool.getByRole("heading", { level: 1, name: "Demo rekentool" }).waitFor();
    const received = JSON.parse((await tool.locator("#launch").textContent())!) as { custom: Record<string, string>; resourceLink: { title: string }; context: { title: string } };
    expect(received.custom).toMatchObject({ exercise: "tafels-3" });
    expect(received.resourceLink.title).toBe("Tafel van 3");
    expect(received.context.title).toBe(name);
    await expect(tool.getByRole("button", { name: "Score 8/10 insturen" }).count()).resolves.toBe(1);
  }, 120_000);
});
