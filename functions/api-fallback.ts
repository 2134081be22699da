import { allHttpMethods, apiFallback, apiFallbackRoute, defineHttp, functionRegistry } from "../shared/runtime/index.js";

export default defineHttp({
  name: "api-fallback",
  route: apiFallbackRoute,
  methods: allHttpMethods,
  handler: apiFallback(functionRegistry),
});
