import { createServer } from "node:net";

export interface PortClaim {
  port: number;
  /** The setting that moves this port, named in the message when it is taken. */
  setting: string;
  what: string;
}

export class PortInUse extends Error {
  constructor(claim: PortClaim) {
    super(
      `Port ${claim.port} (${claim.what}) is already in use. Stop whatever uses it, ` +
        `or choose another port with the setting ${claim.setting}, e.g. ${claim.setting}=${claim.port + 1} npm start`,
    );
    this.name = "PortInUse";
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function assertPortsFree(claims: PortClaim[]): Promise<void> {
  for (const claim of claims) {
    if (!(await isFree(claim.port))) throw new PortInUse(claim);
  }
}
