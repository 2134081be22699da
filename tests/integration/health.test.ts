import { HealthReport } from "../../shared/health/report.js";
import { startStackProcess } from "../support/stack-process.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

async function health(url: string): Promise<{ status: number; report: HealthReport }> {
  const response = await fetch(`${url}/api/health`);
  return { status: response.status, report: HealthReport.parse(await response.json()) };
}

async function exited(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("GET /api/health and the identity provider", () => {
  it("reports the local identity provider as working", async () => {
    const { status, report } = await health(baseUrl);
    expect(status).toBe(200);
    expect(report.components.idp?.status).toBe("pass");
  });

  it("answers 503 naming the identity provider when its issuer cannot be reached, and keeps the others", async () => {
    const stack = await startStackProcess();
    try {
      process.kill(stack.pids.oidc!, "SIGKILL");
      await exited(stack.pids.oidc!);
      const { status, report } = await health(stack.url);
      expect(status).toBe(503);
      expect(report.failing).toEqual(["idp"]);
      expect(report.components.idp).toMatchObject({ status: "fail", error: expect.stringContaining("ECONNREFUSED") });
      expect(report.components.cosmos?.status).toBe("pass");
    } finally {
      await stack.stop();
    }
  });
});
