import { createServer } from "node:net";
import { randomUUID } from "node:crypto";
import { createDocumentStore } from "../../shared/adapters/index.js";
import { loadAppSettings } from "../../shared/config/index.js";
import { freeLocalPorts, runStartScript, startStackProcess } from "../support/stack-process.js";

describe("npm start's local stack", () => {
  it("keeps what was written through the adapter when stopped and started again", async () => {
    const first = await startStackProcess();
    const id = randomUUID();
    try {
      const store = createDocumentStore(loadAppSettings(first.env));
      await store.container("school-data").create({ id, schoolId: "school-persist", type: "note", text: "blijft bewaard" });
    } finally {
      await first.stop({ keepData: true });
    }
    const ports = await freeLocalPorts();
    const second = await startStackProcess({ dataDir: first.dataDir, ports });
    try {
      const store = createDocumentStore(loadAppSettings(second.env));
      expect(await store.container("school-data").read(id, "school-persist")).toMatchObject({ text: "blijft bewaard" });
      expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("answers 503 naming cosmos when the Cosmos emulator dies, and keeps serving", async () => {
    const stack = await startStackProcess();
    try {
      expect((await fetch(`${stack.url}/api/health`)).status).toBe(200);
      process.kill(stack.pids.cosmos!, "SIGKILL");
      await new Promise((r) => setTimeout(r, 300));
      const health = await fetch(`${stack.url}/api/health`);
      expect(health.status).toBe(503);
      const report = (await health.json()) as { failing: string[]; components: Record<string, { status: string }> };
      expect(report.failing).toEqual(["cosmos"]);
      expect(report.components.blob?.status).toBe("pass");
      expect((await fetch(`${stack.url}/api/no-such-route`)).status).toBe(404);
      expect((await fetch(`${stack.url}/`)).status).toBe(200);
    } finally {
      await stack.stop();
    }
  });

  it("names the busy port and the setting that moves it", async () => {
    const ports = await freeLocalPorts();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(ports.LOCAL_PORT), "127.0.0.1", resolve));
    try {
      const { exited } = runStartScript({ ...ports, LOCAL_DATA_DIR: `/tmp/leerspoor-busy-${randomUUID()}` });
      const { code, output } = await exited;
      expect(code).toBe(1);
      expect(output).toContain(`Port ${ports.LOCAL_PORT}`);
      expect(output).toContain("LOCAL_PORT");
    } finally {
      blocker.close();
    }
  });

  it("stops at start-up on a bad setting, naming it", async () => {
    const { exited } = runStartScript({ ...(await freeLocalPorts()), QUEUE_MAX_DELIVERIES: "lots", LOCAL_DATA_DIR: `/tmp/leerspoor-bad-${randomUUID()}` });
    const { code, output } = await exited;
    expect(code).toBe(1);
    expect(output).toContain("QUEUE_MAX_DELIVERIES");
  });
});
