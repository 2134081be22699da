import { launchRefusalPage } from "../../shared/lti/index.js";

describe("the launch refusal page", () => {
  it("names the provider exactly as it is called, escaped, even when its name looks like a replacement pattern or a placeholder", () => {
    const page = launchRefusalPage("seats-exhausted", "en", "ref-1", { providerName: "Uitgeverij $' & {seats} <Co>", seats: 25 });
    const reason = /<p id="reason"[^>]*>([^<]*)<\/p>/.exec(page.body)?.[1];
    expect(reason).toBe(
      "All 25 seats of your school&#39;s licence for this tool are in use. Ask your school&#39;s ICT coordinator (the school admin in Leerspoor) for more seats from Uitgeverij $&#39; &amp; {seats} &lt;Co&gt;.",
    );
  });
});
