import fc from "fast-check";
import {
  CardCode,
  cardCodeBits,
  cardCodeLength,
  checkSymbolOf,
  groupedCardCode,
  isWellFormedCardCode,
  normaliseCardCode,
} from "../../shared/identity/index.js";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const symbol = fc.constantFrom(...alphabet);
const payload = fc.array(symbol, { minLength: cardCodeLength - 1, maxLength: cardCodeLength - 1 }).map((s) => s.join(""));
const code = payload.map((p) => p + checkSymbolOf(p));

describe("login card codes", () => {
  it("carry at least 50 random bits in twelve symbols", () => {
    expect(cardCodeLength).toBe(12);
    expect(cardCodeBits).toBeGreaterThanOrEqual(50);
  });

  it("accept every code with its check symbol", () => {
    fc.assert(fc.property(code, (c) => isWellFormedCardCode(c)));
  });

  it("catch every single mistyped symbol", () => {
    fc.assert(
      fc.property(code, fc.nat(cardCodeLength - 1), symbol, (c, at, typed) => {
        fc.pre(c[at] !== typed);
        return !isWellFormedCardCode(c.slice(0, at) + typed + c.slice(at + 1));
      }),
    );
  });

  it("catch two swapped neighbours, except 0 and Z (as Luhn's 09/90)", () => {
    fc.assert(
      fc.property(code, fc.nat(cardCodeLength - 2), (c, at) => {
        const [a, b] = [c[at]!, c[at + 1]!];
        fc.pre(a !== b && !(new Set([a, b]).has("0") && new Set([a, b]).has("Z")));
        return !isWellFormedCardCode(c.slice(0, at) + b + a + c.slice(at + 2));
      }),
    );
  });

  it("read back what a person types: lower case, dashes, spaces, and I, L, O for 1 and 0", () => {
    const c = "K7M2Q9XH3PR" + checkSymbolOf("K7M2Q9XH3PR");
    expect(groupedCardCode(c)).toBe(`K7M2-Q9XH-3PR${c.at(-1)}`);
    expect(CardCode.parse(` ${groupedCardCode(c).toLowerCase()} `)).toBe(c);
    const withOne = "1111Q9XH3PR" + checkSymbolOf("1111Q9XH3PR");
    expect(CardCode.parse(`iLil-${withOne.slice(4)}`)).toBe(withOne);
    expect(normaliseCardCode("o0-O0")).toBe("0000");
  });

  it("refuse a code of the wrong length or with a symbol outside the alphabet", () => {
    expect(CardCode.safeParse("K7M2-Q9XH").success).toBe(false);
    expect(CardCode.safeParse("K7M2-Q9XH-3PU0").success).toBe(false);
    expect(CardCode.safeParse("").success).toBe(false);
  });
});
