import { z } from "zod";
import { signedIn } from "../shared/identity/index.js";
import { discardDeadLetter } from "../shared/operations/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

const DiscardParams = z.object({ queue: z.string().min(1).max(63), messageId: z.string().min(1).max(300) });

/** Takes a dead letter that is not to be replayed off the dead-letter queue, without processing it. */
export default defineHttp({
  name: "operator-dead-letters-discard",
  route: "operator/dead-letters/{queue}/{messageId}",
  methods: ["DELETE"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { queue, messageId } = readParams(request, DiscardParams);
    return { jsonBody: await discardDeadLetter(queue, messageId) };
  },
});
