import { checkHealth } from "../../shared/health/index.js";

describe("health report", () => {
  it("passes when every component answers", async () => {
    const report = await checkHealth({ a: async () => {}, b: async () => {} });
    expect(report.status).toBe("pass");
    expect(report.failing).toEqual([]);
  });

  it("names the component that fails and keeps the others", async () => {
    const report = await checkHealth({
      cosmos: async () => {
        throw new Error("connect ECONNREFUSED");
      },
      blob: async () => {},
    });
    expect(report.status).toBe("fail");
    expect(report.failing).toEqual(["cosmos"]);
    expect(report.components.cosmos).toMatchObject({ status: "fail", error: "connect ECONNREFUSED" });
    expect(report.components.blob?.status).toBe("pass");
  });

  it("cuts off a component that hangs", async () => {
    const report = await checkHealth({ queue: () => new Promise(() => {}) }, 50);
    expect(report.failing).toEqual(["queue"]);
    expect(report.components.queue?.error).toMatch(/no answer within 50 ms/);
  });
});
