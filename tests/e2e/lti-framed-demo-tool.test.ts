import { demoFramedToolId } from "../../scripts/local-stack/demo-catalogue.js";
import { baseURL, messages } from "./portal-texts.js";
import { demoTeacherScoresOf, scoreShown } from "./class-scores.js";
import { expectNoAxeViolations, usePortalBrowser } from "./portal-session.js";

/*
 * The local stack's demo of a tool inside the portal: "Demo rekentool (in de portal)", the
 * ltijs demo tool under a registration that allows framing, opens on the demo pupil's tool page
 * in a frame. ltijs keeps its launch in cookies, which the frame sends because the portal and
 * the tool share the site `localhost`; its score reaches the teacher's class page.
 */
const nl = messages.nl;

const portal = usePortalBrowser({ locale: "nl-BE" });

describe("the demo tool that opens inside the portal, in Chromium", () => {
  it("a demo pupil of 5B opens it from its home tile on the tool page, sees 5B as context in the frame and sends a score the teacher sees", async () => {
    const toolId = demoFramedToolId();
    const pupil = await portal.pageSignedInAsDemo("pupil-5b-4");
    const tile = pupil.page.locator(`a.tile[data-tool-id="${toolId}"]`);
    await expect(tile.innerText()).resolves.toContain("Demo rekentool (in de portal)");
    await expect(tile.getAttribute("target")).resolves.toBeNull();
    await tile.click();
    await pupil.page.waitForURL(`${baseURL}/tool/${toolId}`);
    await pupil.page.getByRole("heading", { level: 1, name: "Demo rekentool (in de portal)" }).waitFor();
    await expect(pupil.page.locator("iframe.tool-frame").getAttribute("title")).resolves.toBe("Demo rekentool (in de portal) (tool)");

    const framed = pupil.page.frameLocator("iframe.tool-frame");
    await framed.getByRole("heading", { level: 1, name: "Demo rekentool" }).waitFor();
    await expect(framed.getByText("Je bent aangemeld via Leerspoor.").count()).resolves.toBe(1);
    await expect(framed.getByRole("row", { name: /Klas of groep/ }).innerText()).resolves.toContain("5B");
    const received = JSON.parse((await framed.locator("#launch").textContent())!) as {
      context: { title: string };
      clientId: string;
      roles: string[];
      launchPresentation: { document_target: string; locale: string };
    };
    expect(received.clientId).toBe(toolId);
    expect(received.context.title).toBe("5B");
    expect(received.roles).toContain("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner");
    expect(received.launchPresentation).toMatchObject({ document_target: "iframe", locale: "nl" });
    // Axe counts the frame's `main` as a second one of the portal page's, so the demo tool's page is checked on its own, at the address the frame shows.
    await expectNoAxeViolations(pupil.page, "tool page around the framed demo tool (nl)", { exclude: ["iframe.tool-frame"] });
    const frameUrl = pupil.page.frames().find((frame) => frame.url().startsWith(`http://localhost:${process.env.LOCAL_DEMO_TOOL_PORT}/`))!.url();
    const toolPage = await pupil.page.context().newPage();
    await toolPage.goto(frameUrl);
    await toolPage.getByRole("heading", { level: 1, name: "Demo rekentool" }).waitFor();
    await expectNoAxeViolations(toolPage, "the demo tool's page as framed (nl)");
    await toolPage.close();

    // The score form posts inside the frame; ltijs finds the launch again by its cookie and ltik.
    await framed.getByRole("button", { name: "Score 8/10 insturen" }).click();
    await expect(framed.locator('[data-score-sent="true"]').innerText()).resolves.toContain("Score 8/10 ingestuurd");
    await expect(pupil.page.getByRole("link", { name: nl.toolFrame.back }).count()).resolves.toBe(1);

    const { scores } = await demoTeacherScoresOf(portal, "5B");
    await expect(scoreShown(scores, pupil.name, "Demo rekentool (in de portal)")).resolves.toBe("8/10");
  });
});
