import { allHttpMethods, apiFallback, apiFallbackRoute, defineHttp, functionRegistry, publicAccess } from "../shared/runtime/index.js";

export default defineHttp({
  name: "api-fallback",
  route: apiFallbackRoute,
  methods: allHttpMethods,
  access: publicAccess,
  handler: apiFallback(functionRegistry),
});
