import fc from "fast-check";
import { InProcessReplayGuard } from "../../shared/lti/index.js";

/*
 * Ids of different lifetimes share one guard: hints and nonces of minutes, deep-linking data of
 * an hour, and expiries that tools choose (a deep-linking response's or client assertion's exp).
 */
describe("single use with mixed lifetimes", () => {
  it("forgets a short-lived id once it expires even when a longer-lived one came before it", () => {
    const guard = new InProcessReplayGuard();
    expect(guard.firstUse("deep-link-data", 3_600_000, 0)).toBe(true);
    expect(guard.firstUse("hint", 60_000, 0)).toBe(true);
    expect(guard.firstUse("later", 200_000, 120_000)).toBe(true);
    expect(guard.size).toBe(2);
  });

  it("keeps letting launches in behind a long-lived id: an expired id never holds a place", () => {
    const guard = new InProcessReplayGuard(3);
    expect(guard.firstUse("far-future", Number.MAX_SAFE_INTEGER, 0)).toBe(true);
    for (let minute = 0; minute < 100; minute++) {
      expect(guard.firstUse(`launch-${minute}`, (minute + 1) * 60_000, minute * 60_000)).toBe(true);
    }
  });

  it("refuses exactly the ids still live, in any order of arrival", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 50 })), { maxLength: 60 }), (steps) => {
        const guard = new InProcessReplayGuard();
        const live = new Map<string, number>();
        steps.forEach(([name, lifetime], now) => {
          const id = `id-${name}`;
          const expected = !((live.get(id) ?? -1) > now);
          expect(guard.firstUse(id, now + lifetime, now)).toBe(expected);
          if (expected) live.set(id, now + lifetime);
          for (const [known, until] of live) if (until <= now) live.delete(known);
          expect(guard.size).toBe(live.size);
        });
      }),
    );
  });
});
