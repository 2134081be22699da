import { z } from "zod";
import { signedIn } from "../shared/identity/index.js";
import { replayDeadLetter } from "../shared/operations/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

const ReplayParams = z.object({ queue: z.string().min(1).max(63), messageId: z.string().min(1).max(300) });

/** Sends a dead letter through processing again, once its cause is fixed, and takes it off the dead-letter queue. */
export default defineHttp({
  name: "operator-dead-letters-replay",
  route: "operator/dead-letters/{queue}/{messageId}/replay",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { queue, messageId } = readParams(request, ReplayParams);
    return { status: 202, jsonBody: await replayDeadLetter(queue, messageId) };
  },
});
