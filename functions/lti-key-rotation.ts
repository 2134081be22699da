import { keyRotationSchedule, ltiPlatform, rotateKeys } from "../shared/lti/index.js";
import { defineTimer } from "../shared/runtime/index.js";

/** Advances the LTI signing keys (next → current → previous → retired) when their times are due. */
export default defineTimer({
  name: "lti-key-rotation",
  schedule: keyRotationSchedule,
  handler: async (log) => {
    const platform = ltiPlatform();
    const steps = await rotateKeys(platform.keyStore, platform.clock());
    if (steps.length === 0) return;
    log.info({ steps }, "LTI signing keys rotated");
    await platform.keys.reload();
  },
});
