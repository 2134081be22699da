import { effectScope, nextTick, ref } from "vue";
import { ApiProblem } from "../../static-web/src/api/client.js";
import { useLoad } from "../../static-web/src/composables/load.js";

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
