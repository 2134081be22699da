import { getCurrentScope, onScopeDispose, ref, watch, type Ref, type WatchSource } from "vue";
import { asProblem, type ApiProblem } from "../api/client.js";

export interface LoadOptions {
  /** Loads again whenever this changes (a route parameter, a filter), and at once. */
  watch?: WatchSource;
  /** Keeps showing what was loaded while loading again, instead of the loading state. */
  keep?: boolean;
}

export interface Load<T> {
  /** What was loaded, null while it loads; the page may replace it (after a save, say). */
  value: Ref<T | null>;
  problem: Ref<ApiProblem | null>;
  /** Loads again; `<LoadState>`'s retry. An earlier load still under way is abandoned. */
  load: () => Promise<void>;
}

/**
 * Something a page loads, in the shape `<LoadState>` takes. Only the newest load counts: an
 * older one is aborted and its answer or failure dropped, as is any load when the page is left.
 */
export function useLoad<T>(fetch: (signal: AbortSignal) => Promise<T>, options: LoadOptions = {}): Load<T> {
  const value = ref<T | null>(null) as Ref<T | null>;
  const problem = ref<ApiProblem | null>(null);
  let current: AbortController | null = null;

  async function load(): Promise<void> {
    current?.abort();
    const mine = new AbortController();
    current = mine;
    problem.value = null;
    if (!options.keep) value.value = null;
    try {
      const found = await fetch(mine.signal);
      if (!mine.signal.aborted) value.value = found;
    } catch (error) {
      if (!mine.signal.aborted) problem.value = asProblem(error);
    }
  }

  if (getCurrentScope()) onScopeDispose(() => current?.abort());
  if (options.watch) watch(options.watch, () => load(), { immediate: true });
  else void load();
  return { value, problem, load };
}
