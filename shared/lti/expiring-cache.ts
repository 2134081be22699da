/**
 * A read-through cache with a fixed lifetime per entry and a bounded size; concurrent misses
 * of one key share one load. Used for what the launch reads (tool registrations, school
 * settings, a person's groups), so a launch at steady state does no database read.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly lifetimeMs: (value: V) => number,
    private readonly capacity = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const started = load()
      .then((value) => {
        if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { value, until: this.clock() + this.lifetimeMs(value) });
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, started);
    return started;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
