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
  /**
   * The same ids as a min-heap on their expiry. Lifetimes differ (hints of minutes, deep-linking
   * data of an hour, expiries that tools choose), so insertion order is not expiry order: one
   * long-lived id at the front must not keep every later one from being forgotten.
   */
  private readonly expiries: { until: number; id: string }[] = [];

  /** `capacity` bounds memory; when full of unexpired ids, new ones are refused rather than old ones forgotten. */
  constructor(private readonly capacity = 500_000) {}

  firstUse(id: string, untilMs: number, nowMs: number): boolean {
    this.sweep(nowMs);
    if (this.seen.has(id)) return false;
    if (this.seen.size >= this.capacity) return false;
    this.seen.set(id, untilMs);
    this.push({ until: untilMs, id });
    return true;
  }

  private sweep(nowMs: number): void {
    while (this.expiries.length > 0 && this.expiries[0]!.until <= nowMs) {
      this.seen.delete(this.pop().id);
    }
  }

  private push(entry: { until: number; id: string }): void {
    const heap = this.expiries;
    heap.push(entry);
    for (let at = heap.length - 1; at > 0; ) {
      const parent = (at - 1) >> 1;
      if (heap[parent]!.until <= heap[at]!.until) break;
      [heap[parent], heap[at]] = [heap[at]!, heap[parent]!];
      at = parent;
    }
  }

  private pop(): { until: number; id: string } {
    const heap = this.expiries;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let at = 0; ; ) {
        const left = 2 * at + 1;
        const right = left + 1;
        let smallest = at;
        if (left < heap.length && heap[left]!.until < heap[smallest]!.until) smallest = left;
        if (right < heap.length && heap[right]!.until < heap[smallest]!.until) smallest = right;
        if (smallest === at) break;
        [heap[smallest], heap[at]] = [heap[at]!, heap[smallest]!];
        at = smallest;
      }
    }
    return top;
  }

  get size(): number {
    return this.seen.size;
  }
}
