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
 * Runs one load at a time for a page: a newer one aborts the older, whose answer or failure is
 * dropped, as is any load when the page is left. `work` fetches and returns how to apply it.
 */
function newestOnly(problem: Ref<ApiProblem | null>): (work: (signal: AbortSignal) => Promise<() => void>) => Promise<void> {
  let current: AbortController | null = null;
  if (getCurrentScope()) onScopeDispose(() => current?.abort());
  return async (work) => {
    current?.abort();
    const mine = new AbortController();
    current = mine;
    problem.value = null;
    try {
      const apply = await work(mine.signal);
      if (!mine.signal.aborted) apply();
    } catch (error) {
      if (!mine.signal.aborted) problem.value = asProblem(error);
    }
  };
}

/**
 * Something a page loads, in the shape `<LoadState>` takes. Only the newest load counts: an
 * older one is aborted and its answer or failure dropped, as is any load when the page is left.
 */
export function useLoad<T>(fetch: (signal: AbortSignal) => Promise<T>, options: LoadOptions = {}): Load<T> {
  const value = ref<T | null>(null) as Ref<T | null>;
  const problem = ref<ApiProblem | null>(null);
  const run = newestOnly(problem);

  async function load(): Promise<void> {
    if (!options.keep) value.value = null;
    await run(async (signal) => {
      const found = await fetch(signal);
      return () => (value.value = found);
    });
  }

  if (options.watch) watch(options.watch, () => load(), { immediate: true });
  else void load();
  return { value, problem, load };
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

export interface PagedLoad<T> extends Load<T[]> {
  /** Where the next page starts; undefined when everything is loaded. */
  nextCursor: Ref<string | undefined>;
  /** Appends the next page. */
  loadMore: () => Promise<void>;
}

/**
 * A list a page loads by cursor, a page at a time ("more"), in the shape `<LoadState>` takes.
 * Loading again starts from the first page and keeps showing the list until it arrives; when
 * `watch` changes (another class, a new filter), the list is another one and shows loading instead.
 */
export function usePagedLoad<T>(fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>, options: Pick<LoadOptions, "watch"> = {}): PagedLoad<T> {
  const value = ref<T[] | null>(null) as Ref<T[] | null>;
  const problem = ref<ApiProblem | null>(null);
  const nextCursor = ref<string | undefined>();
  const run = newestOnly(problem);

  const fetchInto = (more: boolean): Promise<void> =>
    run(async (signal) => {
      const page = await fetchPage(more ? nextCursor.value : undefined, signal);
      return () => {
        value.value = more ? [...(value.value ?? []), ...page.items] : page.items;
        nextCursor.value = page.nextCursor;
      };
    });

  if (options.watch) {
    watch(
      options.watch,
      () => {
        value.value = null;
        void fetchInto(false);
      },
      { immediate: true },
    );
  } else void fetchInto(false);
  return { value, problem, nextCursor, load: () => fetchInto(false), loadMore: () => fetchInto(true) };
}
