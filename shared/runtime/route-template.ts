/**
 * Azure Functions route templates (ASP.NET Core routing): literal segments, `{name}`,
 * `{name?}`, `{name:constraint}` and a final catch-all `{*name}`. Matching is
 * case-insensitive for literals, like Azure.
 */
type Segment =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string; optional: boolean; constraint?: string }
  | { kind: "catchAll"; name: string };

export interface CompiledRoute {
  template: string;
  segments: Segment[];
  /** Lower sorts first: literal beats constrained parameter beats parameter beats catch-all. */
  precedence: number[];
}

const constraints: Record<string, RegExp> = {
  int: /^-?\d+$/,
  long: /^-?\d+$/,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  alpha: /^[a-z]+$/i,
  bool: /^(true|false)$/i,
};

function parseSegment(raw: string, template: string): Segment {
  const match = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(raw);
  if (!match) {
    if (raw.includes("{") || raw.includes("}")) throw new Error(`Unsupported route segment "${raw}" in "${template}"`);
    return { kind: "literal", text: raw.toLowerCase() };
  }
  const [, star, name, constraint, optional] = match;
  if (star) return { kind: "catchAll", name: name! };
  if (constraint && !constraints[constraint]) throw new Error(`Unknown route constraint "${constraint}" in "${template}"`);
  return { kind: "param", name: name!, optional: Boolean(optional), ...(constraint ? { constraint } : {}) };
}

function rank(segment: Segment): number {
  if (segment.kind === "literal") return 0;
  if (segment.kind === "catchAll") return 4;
  if (segment.optional) return 3;
  return segment.constraint ? 1 : 2;
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template.split("/").filter((s) => s !== "").map((s) => parseSegment(s, template));
  const catchAllAt = segments.findIndex((s) => s.kind === "catchAll");
  if (catchAllAt !== -1 && catchAllAt !== segments.length - 1) {
    throw new Error(`A catch-all must be the last segment in "${template}"`);
  }
  return { template, segments, precedence: segments.map(rank) };
}

/** Orders routes the way Azure picks among several that match: most specific first. */
export function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.precedence[i] ?? -1) - (b.precedence[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Route parameters when `path` (below `/api`, without query) matches, else undefined. */
export function matchRoute(route: CompiledRoute, path: string): Record<string, string> | undefined {
  const parts = path.split("/").filter((s) => s !== "");
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    const part = parts[i];
    if (segment.kind === "catchAll") {
      params[segment.name] = parts.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    if (part === undefined) {
      if (segment.kind === "param" && segment.optional) continue;
      return undefined;
    }
    if (segment.kind === "literal") {
      if (decodeURIComponent(part).toLowerCase() !== segment.text) return undefined;
      continue;
    }
    const value = decodeURIComponent(part);
    if (segment.constraint && !constraints[segment.constraint]!.test(value)) return undefined;
    params[segment.name] = value;
  }
  return parts.length <= route.segments.length ? params : undefined;
}
