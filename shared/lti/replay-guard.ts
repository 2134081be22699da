/**
 * Single use without a database: each id is remembered until the moment after which the
 * thing it names is refused anyway (a hint's or id_token's expiry, at most a few minutes).
 *
 * Per process. With several instances (Flex Consumption scales out), a replay that lands on
 * another instance within those minutes is not caught here. What such a replay could get is
 * bounded: the hint is bound to the browser session that started the launch, the id_token
 * goes only to a redirect URI registered for the same tool and user, and the tool refuses a
 * nonce it has seen (LTI 1.3 Core §5.1.3). A shared store (e.g. a Cosmos container with TTL)
 * can take this port's place if that ever is not enough, at the price of a write per launch.
 */
export interface ReplayGuard {
  /** True the first time `id` is seen before `untilMs`; false for every later use. */
  firstUse(id: string, untilMs: number, nowMs: number): boolean;
}

export class InProcessReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** `capacity` bounds memory; when full of unexpired ids, new ones are refused rather than old ones forgotten. */
  constructor(private readonly capacity = 500_000) {}

  firstUse(id: string, untilMs: number, nowMs: number): boolean {
    this.sweep(nowMs);
    const known = this.seen.get(id);
    if (known !== undefined && known > nowMs) return false;
    if (this.seen.size >= this.capacity) return false;
    this.seen.set(id, untilMs);
    return true;
  }

  /** Insertion order is close to expiry order (lifetimes are equal), so expired ids sit at the front. */
  private sweep(nowMs: number): void {
    for (const [id, until] of this.seen) {
      if (until > nowMs) break;
      this.seen.delete(id);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}
