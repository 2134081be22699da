import { frameReturnPage, localeOf } from "../shared/lti/index.js";
import { defineHttp, publicAccess } from "../shared/runtime/index.js";

/**
 * launch_presentation.return_url of framed launches: the tool sends its frame here and the
 * page takes the whole window back to the portal. Public (it shows nothing of anyone); the
 * query a tool may add (`lti_msg`, `lti_errormsg`…) is ignored.
 */
export default defineHttp({
  name: "lti-return",
  route: "lti/return",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request) => frameReturnPage(localeOf(undefined, request.headers.get("accept-language"))),
});
