import { signedIn } from "../shared/identity/index.js";
import { DeadLetterRef, replayDeadLetter } from "../shared/operations/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

/** Sends a dead letter through processing again, once its cause is fixed, and takes it off the dead-letter queue. */
export default defineHttp({
  name: "operator-dead-letters-replay",
  route: "operator/dead-letters/{queue}/{messageId}/replay",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { queue, messageId } = readParams(request, DeadLetterRef);
    return { status: 202, jsonBody: await replayDeadLetter(queue, messageId) };
  },
});
