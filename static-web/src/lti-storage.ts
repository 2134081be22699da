/**
 * The platform side of 1EdTech's LTI Client Side postMessage Storage: a tool framed by the
 * portal's tool page keeps its login state (state, nonce) here instead of in a cookie, which
 * browsers withhold from third-party frames. The tool posts `lti.put_data` / `lti.get_data`
 * (and `lti.capabilities` to ask what is supported) to its `lti_storage_target`, the parent
 * frame; each answer carries the request's `message_id` and goes back to the tool's origin
 * only. Values are kept per tool origin, in memory for as long as the page shows the tool.
 */

type Answer = Record<string, unknown>;

export type StorageErrorCode = "bad_request" | "unsupported_subject";

const supportedSubjects = ["lti.capabilities", "lti.put_data", "lti.get_data"] as const;

/** Keys a tool may keep per origin; the oldest goes first (left behind by logins that never finished). */
const maxKeysPerOrigin = 100;
const maxKeyLength = 1024;
const maxValueLength = 16 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export class PlatformStorage {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  /**
   * The answer to `data`, a message the tool at `origin` posted, or undefined when it is no
   * LTI message (other postMessages of the tool are not the portal's business).
   */
  answer(data: unknown, origin: string): Answer | undefined {
    if (!isRecord(data) || typeof data.subject !== "string" || !data.subject.startsWith("lti.")) return undefined;
    const subject = data.subject;
    const messageId = data.message_id;
    const fail = (code: StorageErrorCode, message: string): Answer => ({
      subject: `${subject}.response`,
      ...(messageId !== undefined ? { message_id: messageId } : {}),
      error: { code, message },
    });
    if (typeof messageId !== "string" && typeof messageId !== "number") return fail("bad_request", "message_id is missing");
    const ok = (fields: Answer): Answer => ({ subject: `${subject}.response`, message_id: messageId, ...fields });

    switch (subject) {
      case "lti.capabilities":
        return ok({ supported_messages: supportedSubjects.map((supported) => ({ subject: supported })) });
      case "lti.put_data": {
        const problem = keyProblem(data.key) ?? valueProblem(data.value);
        if (problem) return fail("bad_request", problem);
        this.put(origin, data.key as string, data.value as string);
        return ok({ key: data.key, value: data.value });
      }
      case "lti.get_data": {
        const problem = keyProblem(data.key);
        if (problem) return fail("bad_request", problem);
        const value = this.byOrigin.get(origin)?.get(data.key as string);
        return ok({ key: data.key, ...(value !== undefined ? { value } : {}) });
      }
      default:
        return fail("unsupported_subject", `${subject} is not supported`);
    }
  }

  private put(origin: string, key: string, value: string): void {
    const values = this.byOrigin.get(origin) ?? new Map<string, string>();
    this.byOrigin.set(origin, values);
    values.delete(key);
    values.set(key, value);
    if (values.size > maxKeysPerOrigin) values.delete(values.keys().next().value!);
  }
}

function keyProblem(key: unknown): string | undefined {
  if (typeof key !== "string" || key === "") return "key must be a non-empty string";
  if (key.length > maxKeyLength) return `key must be at most ${maxKeyLength} characters`;
  return undefined;
}

function valueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "value must be a string";
  if (value.length > maxValueLength) return `value must be at most ${maxValueLength} characters`;
  return undefined;
}

export interface StorageListener {
  /** The page's window, where the framed tool's messages arrive. */
  window: Pick<Window, "addEventListener" | "removeEventListener">;
  /** The tool's frame: messages from any other window (another tab, an ad, a nested frame) are ignored. */
  frame: () => MessageEventSource | null | undefined;
  /** The tool's registered origins; a message from any other origin is ignored. */
  origins: readonly string[];
  storage: PlatformStorage;
}

/** Answers the framed tool's storage messages until the returned function is called. */
export function listenForToolStorage({ window, frame, origins, storage }: StorageListener): () => void {
  const allowed = new Set(origins);
  const onMessage = (event: MessageEvent): void => {
    const source = event.source;
    if (!source || source !== frame() || !allowed.has(event.origin)) return;
    const answer = storage.answer(event.data, event.origin);
    if (answer) (source as Window).postMessage(answer, event.origin);
  };
  window.addEventListener("message", onMessage);
  return () => window.removeEventListener("message", onMessage);
}
