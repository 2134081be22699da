import type { Locator, Page } from "playwright-core";
import { messages } from "./portal-texts.js";
import { settled, type PortalBrowser } from "./portal-session.js";

/** The demo teacher on the class page of `className`, from the class list, and its scores table. */
export async function demoTeacherScoresOf(portal: PortalBrowser, className: string): Promise<{ page: Page; scores: Locator }> {
  const { page } = await portal.pageSignedInAsDemo("teacher");
  await page.goto("/school/klassen");
  await settled(page);
  await page.getByRole("link", { name: className, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: className }).waitFor();
  await settled(page);
  return { page, scores: page.getByRole("table", { name: messages.nl.groupScores.heading }) };
}

/** What the scores table shows for `pupilName` in the column of the tool titled `toolTitle`. */
export async function scoreShown(scores: Locator, pupilName: string, toolTitle: string): Promise<string> {
  const column = (await scores.getByRole("columnheader").allInnerTexts()).indexOf(toolTitle);
  expect(column).toBeGreaterThan(0);
  // The row header is the first column; the cells follow it.
  return scores.getByRole("row", { name: pupilName }).getByRole("cell").nth(column - 1).innerText();
}
