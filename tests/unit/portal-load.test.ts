import { effectScope, nextTick, ref } from "vue";
import { ApiProblem } from "../../static-web/src/api/client.js";
import { useLoad, usePagedLoad, type Page } from "../../static-web/src/composables/load.js";

/* What a portal page loads: only the newest load counts, a failure becomes a problem, and leaving the page abandons the load. */

interface Pending<T> {
  signal: AbortSignal;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A fetch whose answers the test gives, one call at a time. */
function controlled<T>() {
  const calls: Pending<T>[] = [];
  const fetch = (signal: AbortSignal) => new Promise<T>((resolve, reject) => calls.push({ signal, resolve, reject }));
  return { calls, fetch };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("useLoad", () => {
  it("loads at once, and a failure becomes the problem until a retry succeeds", async () => {
    const { calls, fetch } = controlled<string[]>();
    const list = useLoad(fetch);
    expect(calls).toHaveLength(1);
    expect(list.value.value).toBeNull();
    calls[0]!.reject(new ApiProblem(403, "forbidden", "no", "corr-1"));
    await settle();
    expect(list.problem.value?.slug).toBe("forbidden");
    expect(list.value.value).toBeNull();

    const retried = list.load();
    expect(list.problem.value).toBeNull();
    calls[1]!.resolve(["a"]);
    await retried;
    expect(list.value.value).toEqual(["a"]);
    expect(list.problem.value).toBeNull();
  });

  it("turns any failure into a problem", async () => {
    const list = useLoad(() => Promise.reject(new Error("offline")));
    await settle();
    expect(list.problem.value?.slug).toBe("unexpected");
  });

  it("drops an older load's answer and failure once a newer one started, and aborts it", async () => {
    const { calls, fetch } = controlled<string>();
    const item = useLoad(fetch);
    const newer = item.load();
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    calls[1]!.resolve("new");
    await newer;
    calls[0]!.resolve("old");
    await settle();
    expect(item.value.value).toBe("new");

    const third = item.load();
    calls[1]!.reject(new Error("late"));
    calls[2]!.resolve("third");
    await third;
    expect(item.problem.value).toBeNull();
    expect(item.value.value).toBe("third");
  });

  it("shows the loading state while loading again, unless told to keep the last value", async () => {
    const { calls, fetch } = controlled<number>();
    const cleared = useLoad(fetch);
    calls[0]!.resolve(1);
    await settle();
    void cleared.load();
    expect(cleared.value.value).toBeNull();

    const kept = useLoad(fetch, { keep: true });
    calls[2]!.resolve(2);
    await settle();
    void kept.load();
    expect(kept.value.value).toBe(2);
  });

  it("loads again when the watched source changes", async () => {
    const { calls, fetch } = controlled<string>();
    const id = ref("one");
    const scope = effectScope();
    const item = scope.run(() => useLoad(fetch, { watch: id }))!;
    expect(calls).toHaveLength(1);
    id.value = "two";
    await nextTick();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[1]!.resolve("two");
    await settle();
    expect(item.value.value).toBe("two");
    scope.stop();
  });

  it("abandons the load when the page is left", async () => {
    const { calls, fetch } = controlled<string>();
    const scope = effectScope();
    const item = scope.run(() => useLoad(fetch))!;
    scope.stop();
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.reject(new Error("aborted"));
    await settle();
    expect(item.problem.value).toBeNull();
  });
});

describe("usePagedLoad", () => {
  /** A page fetch whose answers the test gives, with the cursor each call asked for. */
  function controlledPages() {
    const calls: (Pending<Page<string>> & { cursor: string | undefined })[] = [];
    const fetchPage = (cursor: string | undefined, signal: AbortSignal) =>
      new Promise<Page<string>>((resolve, reject) => calls.push({ cursor, signal, resolve, reject }));
    return { calls, fetchPage };
  }

  it("appends the next page from its cursor, and loading again starts over while the list stays shown", async () => {
    const { calls, fetchPage } = controlledPages();
    const list = usePagedLoad(fetchPage);
    expect(calls[0]!.cursor).toBeUndefined();
    calls[0]!.resolve({ items: ["a", "b"], nextCursor: "c2" });
    await settle();
    expect(list.value.value).toEqual(["a", "b"]);
    expect(list.nextCursor.value).toBe("c2");

    const more = list.loadMore();
    expect(calls[1]!.cursor).toBe("c2");
    calls[1]!.resolve({ items: ["c"] });
    await more;
    expect(list.value.value).toEqual(["a", "b", "c"]);
    expect(list.nextCursor.value).toBeUndefined();

    const again = list.load();
    expect(calls[2]!.cursor).toBeUndefined();
    expect(list.value.value).toEqual(["a", "b", "c"]);
    calls[2]!.resolve({ items: ["z"], nextCursor: "c9" });
    await again;
    expect(list.value.value).toEqual(["z"]);
    expect(list.nextCursor.value).toBe("c9");
  });

  it("keeps the list when a next page fails, shows the problem, and drops an older page's answer", async () => {
    const { calls, fetchPage } = controlledPages();
    const list = usePagedLoad(fetchPage);
    calls[0]!.resolve({ items: ["a"], nextCursor: "c2" });
    await settle();
    const more = list.loadMore();
    calls[1]!.reject(new ApiProblem(503, "unavailable", "down", "corr-2"));
    await more;
    expect(list.problem.value?.slug).toBe("unavailable");
    expect(list.value.value).toEqual(["a"]);
    expect(list.nextCursor.value).toBe("c2");

    const older = list.loadMore();
    const newer = list.load();
    expect(calls[2]!.signal.aborted).toBe(true);
    calls[2]!.resolve({ items: ["late"] });
    calls[3]!.resolve({ items: ["fresh"] });
    await Promise.all([older, newer]);
    expect(list.value.value).toEqual(["fresh"]);
    expect(list.problem.value).toBeNull();
  });
});
