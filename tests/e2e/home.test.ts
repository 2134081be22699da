import { demoLtiToolId } from "../../scripts/local-stack/demo-catalogue.js";
import { createKeyStore } from "../../shared/adapters/keys/index.js";
import { createLtiPlatform, deploymentIdOf } from "../../shared/lti/index.js";
import { addPickedActivities } from "../../shared/paths/index.js";
import { addMember, createGroup } from "../../shared/schools/index.js";
import { uniqueMarker } from "../support/catalogue.js";
import { callerWith } from "../support/sessions.js";
import { testSettings } from "../support/settings.js";
import { locales, messages } from "./portal-texts.js";
import { expectNoAxeViolations, settled, usePortalBrowser } from "./portal-session.js";

/*
 * The home page in Chromium: someone in two classes chooses the class a tile launches in (by
 * keyboard; the choice is kept on the device), and a pupil finds an activity their teacher
 * added under "Mijn opdrachten" and opens it in the demo LTI tool (ltijs, run by the local stack).
 */
const demoSchoolId = "school-999101";
const nl = messages.nl;

// Dutch, as the demo school's people: a launch (and so the demo tool) takes the browser's language.
const portal = usePortalBrowser({ locale: "nl-BE" });

describe("the home page, in Chromium", () => {
  it("a teacher of two classes chooses the second by keyboard, and the demo tool's launch has it as context; the choice is kept", async () => {
    const marker = uniqueMarker();
    const first = await createGroup({ schoolId: demoSchoolId }, { groupType: "class", name: `Klas A ${marker}` });
    const second = await createGroup({ schoolId: demoSchoolId }, { groupType: "class", name: `Klas B ${marker}` });
    const caller = await callerWith("teacher", demoSchoolId);
    for (const group of [first, second]) await addMember({ schoolId: demoSchoolId }, group.id, caller.personId, "teacher");
    const page = await portal.pageSignedInAs(caller);
    await page.goto("/");
    await settled(page);

    const choice = page.getByRole("group", { name: nl.homeTiles.groupChoiceStaff });
    const firstOption = choice.getByRole("radio", { name: first.name });
    await expect(firstOption.isChecked()).resolves.toBe(true);
    const tile = page.locator(`a.tile[data-tool-id="${demoLtiToolId()}"]`);
    await expect(tile.getAttribute("href")).resolves.toBe(`/api/lti/launch/${demoLtiToolId()}?groupId=${first.id}`);
    await firstOption.focus();
    await page.keyboard.press("ArrowRight");
    await expect(choice.getByRole("radio", { name: second.name }).isChecked()).resolves.toBe(true);
    await expect(tile.getAttribute("href")).resolves.toBe(`/api/lti/launch/${demoLtiToolId()}?groupId=${second.id}`);
    await expect(tile.innerText()).resolves.toContain(second.name);
    await expectNoAxeViolations(page, "home page with a class choice (nl)");

    const [tool] = await Promise.all([page.context().waitForEvent("page"), tile.click()]);
    await tool.getByRole("heading", { level: 1, name: "Demo rekentool" }).waitFor();
    const received = JSON.parse((await tool.locator("#launch").textContent())!) as { context: { title: string }; roles: string[] };
    expect(received.context.title).toBe(second.name);
    expect(received.roles).toContain("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor");
    await tool.close();

    await page.reload();
    await settled(page);
    await expect(page.getByRole("radio", { name: second.name }).isChecked()).resolves.toBe(true);
    for (const locale of locales.filter((each) => each !== "nl")) {
      await page.goto(`/?lang=${locale}`);
      await page.getByRole("group", { name: messages[locale].homeTiles.groupChoiceStaff }).waitFor();
      await settled(page);
      await expectNoAxeViolations(page, `home page with a class choice (${locale})`);
    }
  }, 120_000);

  it("a pupil finds the activity their teacher added under Mijn opdrachten and opens it in the demo tool; a pupil with one class has no choice to make", async () => {
    const name = `4B ${uniqueMarker()}`;
    const group = await createGroup({ schoolId: demoSchoolId }, { groupType: "class", name });
    const pupilCaller = await callerWith("pupil", demoSchoolId);
    await addMember({ schoolId: demoSchoolId }, group.id, pupilCaller.personId, "pupil");
    const pupil = await portal.pageSignedInAs(pupilCaller);
    await pupil.goto("/");
    await settled(pupil);
    const activities = pupil.getByRole("region", { name: nl.homeActivities.heading });
    await expect(activities.getByText(nl.homeActivities.empty).count()).resolves.toBe(1);
    await expect(pupil.getByRole("radio").count()).resolves.toBe(0);
    await expect(pupil.locator(`a.tile[data-tool-id="${demoLtiToolId()}"]`).getAttribute("href")).resolves.toBe(`/api/lti/launch/${demoLtiToolId()}`);
    await expectNoAxeViolations(pupil, "pupil's home page without activities");

    // As the deep-linking return stores what a teacher picked in the demo tool (tests/e2e/lti-deep-linking.test.ts picks it in the browser).
    const settings = testSettings();
    const platform = createLtiPlatform({ issuer: settings.PUBLIC_BASE_URL, keyStore: createKeyStore(settings), pseudonymKey: settings.LTI_PSEUDONYM_KEY });
    const teacher = await callerWith("teacher", demoSchoolId);
    await addPickedActivities(
      platform,
      { schoolId: demoSchoolId },
      {
        tool: (await platform.directory.ltiTool(demoLtiToolId()))!,
        groupId: group.id,
        deploymentId: deploymentIdOf(demoLtiToolId(), demoSchoolId),
        createdBy: teacher.personId,
        items: [{ type: "ltiResourceLink", title: "Tafel van 3", custom: { exercise: "tafels-3" }, lineItem: { scoreMaximum: 10 } }],
      },
      new Date(),
    );

    await pupil.reload();
    await settled(pupil);
    const link = activities.getByRole("link", { name: /Tafel van 3/ });
    await expect(link.innerText()).resolves.toContain(`Demo rekentool · ${name}`);
    await expect(link.getAttribute("target")).resolves.toBe("_blank");
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(80);
    await expectNoAxeViolations(pupil, "pupil's home page with activities (nl)");

    const [tool] = await Promise.all([pupil.context().waitForEvent("page"), link.click()]);
    await tool.getByRole("heading", { level: 1, name: "Demo rekentool" }).waitFor();
    const received = JSON.parse((await tool.locator("#launch").textContent())!) as { custom: Record<string, string>; resourceLink: { title: string }; context: { title: string } };
    expect(received.custom).toMatchObject({ exercise: "tafels-3" });
    expect(received.resourceLink.title).toBe("Tafel van 3");
    expect(received.context.title).toBe(name);
    await tool.close();

    for (const locale of locales.filter((each) => each !== "nl")) {
      await pupil.goto(`/?lang=${locale}`);
      await pupil.getByRole("region", { name: messages[locale].homeActivities.heading }).getByRole("link", { name: /Tafel van 3/ }).waitFor();
      await settled(pupil);
      await expectNoAxeViolations(pupil, `pupil's home page with activities (${locale})`);
    }
  }, 120_000);
});
