import { createGroup } from "../../shared/schools/index.js";
import { activityOf, storeActivities } from "../support/activities.js";
import { uniqueMarker } from "../support/catalogue.js";
import { callerWith } from "../support/sessions.js";
import { locales, messages } from "./portal-texts.js";
import { expectNoAxeViolations, open, usePortalBrowser } from "./portal-session.js";

/*
 * A class with more activities than one page: the class page shows the first page and a
 * "more" button that, pressed from the keyboard, adds the rest; with the last page the button
 * goes and focus continues from the section's heading. Axe in nl, en and fr.
 */

const schoolId = "school-999101";
const portal = usePortalBrowser();

/** The list's page size (ActivityQuery's default) and one more. */
const count = 51;

test.each(locales)("a class page shows the first page of activities and the rest on 'more', by keyboard and axe-clean in %s", async (locale) => {
  const m = messages[locale].groupActivities;
  const name = `4D ${uniqueMarker()}`;
  const group = await createGroup({ schoolId }, { groupType: "class", name });
  const createdAt = new Date().toISOString();
  const activities = Array.from({ length: count }, (_, position) => activityOf({ schoolId, groupId: group.id, createdAt, position, title: `Oefening ${position + 1}` }));
  await storeActivities(activities);

  const page = await portal.pageSignedInAs(await callerWith("teacher", schoolId));
  await open(page, `/school/klassen/${group.id}?lang=${locale}`);
  const table = page.getByRole("table", { name: m.heading });
  await table.waitFor();
  const listed = () => table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-activity-id")));
  expect(await listed()).toEqual(activities.slice(0, 50).map((activity) => activity.id));
  const more = page.getByRole("button", { name: m.more });
  await expectNoAxeViolations(page, `class page, first page of activities (${locale})`);

  await more.focus();
  await page.keyboard.press("Enter");
  await table.locator(`tr[data-activity-id="${activities.at(-1)!.id}"]`).waitFor();
  expect(await listed()).toEqual(activities.map((activity) => activity.id));
  await expect(more.count()).resolves.toBe(0);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("group-activities-heading");
  await expectNoAxeViolations(page, `class page, all activities (${locale})`);
}, 90_000);
