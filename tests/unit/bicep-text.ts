/**
 * Just enough of Bicep's syntax to read the literal `var` declarations that the infra
 * consistency test compares with the code:
 *
 *   var appSettings = { KEY: expression ... }       → objectEntries(text, "appSettings")
 *   var queues = [ 'a' ... ]                         → stringArray(text, "queues")
 *   var cosmosContainers = [ { name: 'x' ... } ... ] → objectArray(text, "cosmosContainers")
 *
 * It is not a Bicep compiler (there is none on these machines): values stay as expression
 * text, and anything that is not a plain entry (a spread, a loop) makes it throw rather than
 * guess. Strings ('…' with \' escapes and ${…} interpolation) and comments are skipped, so
 * braces or `//` inside a URL do not confuse it.
 */

export interface VarBlock {
  /** Index of the first character after the opening bracket. */
  bodyStart: number;
  /** Index of the closing bracket. */
  bodyEnd: number;
  /** The text between the brackets, as written. */
  body: string;
  bracket: "{" | "[";
}

export interface BicepEntry {
  key: string;
  /** The value as Bicep expression text, e.g. `'azure'` or `storage.properties.primaryEndpoints.blob`. */
  value: string;
}

const closers: Record<string, string> = { "{": "}", "[": "]", "(": ")" };

/** Index just after the string literal that starts at `start` (a `'`). */
function endOfString(text: string, start: number): number {
  if (text.startsWith("'''", start)) {
    const end = text.indexOf("'''", start + 3);
    if (end < 0) throw new Error(`unterminated multi-line string at ${start}`);
    return end + 3;
  }
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === "'") return i + 1;
    else if (c === "$" && text[i + 1] === "{") i = closingBracket(text, i + 1) + 1;
    else i += 1;
  }
  throw new Error(`unterminated string at ${start}`);
}

/** `text` with every comment replaced by spaces (newlines kept), so indices stay valid. */
export function blankComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "'") {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
      out += " ".repeat(end - i);
      i = end;
    } else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end).replace(/[^\n]/g, " ");
      i = end;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

/** Index of the bracket that closes the one at `open`, in comment-free text. */
function closingBracket(text: string, open: number): number {
  const stack: string[] = [];
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      i = endOfString(text, i);
      continue;
    }
    if (c in closers) stack.push(closers[c]!);
    else if (c === "}" || c === "]" || c === ")") {
      if (stack.pop() !== c) throw new Error(`unbalanced "${c}" at ${i}`);
      if (stack.length === 0) return i;
    }
    i += 1;
  }
  throw new Error(`no closing bracket for "${text[open]}" at ${open}`);
}

/** Where the literal of `var name = {…}` or `var name = […]` lies in `text`. */
export function readVar(text: string, name: string): VarBlock {
  const code = blankComments(text);
  const declaration = new RegExp(String.raw`^[ \t]*var\s+${name}\s*=\s*([[{])`, "gm");
  const matches = [...code.matchAll(declaration)];
  if (matches.length !== 1) {
    throw new Error(`expected one "var ${name} = {…}" or "[…]", found ${matches.length}`);
  }
  const match = matches[0]!;
  const open = (match.index ?? 0) + match[0].length - 1;
  const close = closingBracket(code, open);
  return { bodyStart: open + 1, bodyEnd: close, body: text.slice(open + 1, close), bracket: match[1] as "{" | "[" };
}

/** The top-level items of a comment-free object or array body, split at newlines and commas. */
function items(body: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === "'") {
      i = endOfString(body, i);
      continue;
    }
    if (c in closers) depth += 1;
    else if (c === "}" || c === "]" || c === ")") depth -= 1;
    else if (depth === 0 && (c === "\n" || c === ",")) {
      found.push(body.slice(start, i));
      start = i + 1;
    }
    i += 1;
  }
  found.push(body.slice(start));
  return found.map((item) => item.trim()).filter((item) => item !== "");
}

/** The text of a plain string literal (`'azure'` → `azure`); undefined for any other expression. */
export function stringLiteral(expression: string): string | undefined {
  const text = expression.trim();
  if (!text.startsWith("'") || text.startsWith("'''")) return undefined;
  if (endOfString(text, 0) !== text.length || text.includes("${")) return undefined;
  return text.slice(1, -1).replace(/\\(.)/g, (_, escaped: string) => ({ n: "\n", r: "\r", t: "\t" })[escaped] ?? escaped);
}

function entriesOf(objectBody: string, where: string): BicepEntry[] {
  return items(objectBody).map((item) => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*|'[^'\\$]*')\s*:\s*([\s\S]+)$/.exec(item);
    if (!match) throw new Error(`${where}: "${item}" is not a "key: value" entry`);
    return { key: stringLiteral(match[1]!) ?? match[1]!, value: match[2]!.trim() };
  });
}

function bodyOf(text: string, name: string, bracket: "{" | "["): string {
  const block = readVar(text, name);
  if (block.bracket !== bracket) throw new Error(`var ${name} is not ${bracket === "{" ? "an object" : "an array"}`);
  return blankComments(block.body);
}

/** The entries of `var name = { key: value … }`, in order. */
export function objectEntries(text: string, name: string): BicepEntry[] {
  return entriesOf(bodyOf(text, name, "{"), `var ${name}`);
}

/** The strings of `var name = [ 'a' 'b' … ]`. */
export function stringArray(text: string, name: string): string[] {
  return items(bodyOf(text, name, "[")).map((item) => {
    const value = stringLiteral(item);
    if (value === undefined) throw new Error(`var ${name}: ${item} is not a plain string`);
    return value;
  });
}

/** The objects of `var name = [ { key: 'value' … } … ]`; literal values unquoted, others as expression text. */
export function objectArray(text: string, name: string): Record<string, string>[] {
  return items(bodyOf(text, name, "[")).map((item) => {
    if (!item.startsWith("{") || closingBracket(item, 0) !== item.length - 1) {
      throw new Error(`var ${name}: ${item} is not an object`);
    }
    const entries = entriesOf(item.slice(1, -1), `var ${name}`);
    return Object.fromEntries(entries.map(({ key, value }) => [key, stringLiteral(value) ?? value]));
  });
}
