import { byPrecedence, compileRoute, matchRoute } from "../../shared/runtime/index.js";

describe("Azure route templates", () => {
  it("match literal segments case-insensitively and take parameters", () => {
    const route = compileRoute("tools/{toolId}/reviews/{reviewId}");
    expect(matchRoute(route, "/Tools/t-1/reviews/r%202")).toEqual({ toolId: "t-1", reviewId: "r 2" });
    expect(matchRoute(route, "/tools/t-1/reviews")).toBeUndefined();
    expect(matchRoute(route, "/tools/t-1/reviews/r/extra")).toBeUndefined();
  });

  it("honour optional parameters and constraints", () => {
    expect(matchRoute(compileRoute("paths/{id?}"), "/paths")).toEqual({});
    expect(matchRoute(compileRoute("paths/{id?}"), "/paths/7")).toEqual({ id: "7" });
    expect(matchRoute(compileRoute("pages/{n:int}"), "/pages/12")).toEqual({ n: "12" });
    expect(matchRoute(compileRoute("pages/{n:int}"), "/pages/twelve")).toBeUndefined();
  });

  it("give the rest of the path to a catch-all", () => {
    expect(matchRoute(compileRoute("files/{*rest}"), "/files/a/b/c.txt")).toEqual({ rest: "a/b/c.txt" });
    expect(matchRoute(compileRoute("{*path}"), "/")).toEqual({ path: "" });
  });

  it("refuse templates that Azure would refuse", () => {
    expect(() => compileRoute("files/{*rest}/more")).toThrow(/catch-all/);
    expect(() => compileRoute("x/{id:weird}")).toThrow(/constraint/);
    expect(() => compileRoute("x/a{id}")).toThrow(/Unsupported/);
  });

  it("order the most specific route first", () => {
    const templates = ["{*path}", "tools/{id}", "tools/new", "tools/{id:int}", "tools/{id?}"];
    const ordered = templates.map(compileRoute).sort(byPrecedence).map((r) => r.template);
    expect(ordered).toEqual(["tools/new", "tools/{id:int}", "tools/{id}", "tools/{id?}", "{*path}"]);
  });
});
