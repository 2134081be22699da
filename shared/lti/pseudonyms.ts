import { createHmac } from "node:crypto";

/*
 * Data minimisation: no internal id leaves the platform unkeyed. What a tool sees of a person
 * (`sub`), of a class (context id) and of a placement (resource link id) is an HMAC-SHA256
 * under LTI_PSEUDONYM_KEY over the internal id *and the tool*, so two tools cannot join their
 * data on it, while each tool sees the same pseudonym at every launch (AGS and NRPS use the
 * same one, so scores come back to the right pupil).
 */
export class Pseudonyms {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret, "utf8");
  }

  private of(...parts: string[]): string {
    // Newline-separated: ids never contain one, so ("ab","c") and ("a","bc") differ.
    return createHmac("sha256", this.key).update(parts.join("\n")).digest("base64url");
  }

  /** The `sub` (and `login_hint`) of a person at a tool. */
  subjectOf(personId: string, toolId: string): string {
    return this.of("sub", personId, toolId);
  }

  /** The context id of a class or group at a tool. */
  contextIdOf(groupId: string, toolId: string): string {
    return this.of("context", groupId, toolId);
  }

  /** A placement of a tool: a home tile within a class (or without one); part 2 adds path activities. */
  resourceLinkIdOf(toolId: string, deploymentId: string, placement: string): string {
    return this.of("resource-link", toolId, deploymentId, placement);
  }
}
