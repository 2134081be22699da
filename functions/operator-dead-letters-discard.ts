import { signedIn } from "../shared/identity/index.js";
import { DeadLetterRef, discardDeadLetter } from "../shared/operations/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

/** Takes a dead letter that is not to be replayed off the dead-letter queue, without processing it. */
export default defineHttp({
  name: "operator-dead-letters-discard",
  route: "operator/dead-letters/{queue}/{messageId}",
  methods: ["DELETE"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { queue, messageId } = readParams(request, DeadLetterRef);
    return { jsonBody: await discardDeadLetter(queue, messageId) };
  },
});
