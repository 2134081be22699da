import { listenForToolStorage, PlatformStorage } from "../../static-web/src/lti-storage.js";

/* The portal's side of LTI Client Side postMessage Storage: what it answers a framed tool, and to whom. */

const tool = "https://tool.example.test";
const other = "https://other.example.test";

describe("LTI postMessage storage: answers", () => {
  it("lists the supported messages for lti.capabilities, with the same message_id", () => {
    expect(new PlatformStorage().answer({ subject: "lti.capabilities", message_id: "m-1" }, tool)).toEqual({
      subject: "lti.capabilities.response",
      message_id: "m-1",
      supported_messages: [{ subject: "lti.capabilities" }, { subject: "lti.put_data" }, { subject: "lti.get_data" }],
    });
  });

  it("keeps what lti.put_data stores and gives it back to lti.get_data of the same origin", () => {
    const storage = new PlatformStorage();
    expect(storage.answer({ subject: "lti.put_data", message_id: 7, key: "state-abc", value: "nonce-1" }, tool)).toEqual({
      subject: "lti.put_data.response",
      message_id: 7,
      key: "state-abc",
      value: "nonce-1",
    });
    storage.answer({ subject: "lti.put_data", message_id: 8, key: "state-abc", value: "nonce-2" }, tool);
    expect(storage.answer({ subject: "lti.get_data", message_id: 9, key: "state-abc" }, tool)).toEqual({
      subject: "lti.get_data.response",
      message_id: 9,
      key: "state-abc",
      value: "nonce-2",
    });
  });

  it("keeps each origin's values apart: another origin gets no value for the same key", () => {
    const storage = new PlatformStorage();
    storage.answer({ subject: "lti.put_data", message_id: "1", key: "state", value: "secret" }, tool);
    expect(storage.answer({ subject: "lti.get_data", message_id: "2", key: "state" }, other)).toEqual({
      subject: "lti.get_data.response",
      message_id: "2",
      key: "state",
    });
  });

  it.each([
    ["put_data without a key", { subject: "lti.put_data", message_id: "1", value: "v" }, "key"],
    ["put_data with an empty key", { subject: "lti.put_data", message_id: "1", key: "", value: "v" }, "key"],
    ["put_data without a value", { subject: "lti.put_data", message_id: "1", key: "k" }, "value"],
    ["put_data with an object as value", { subject: "lti.put_data", message_id: "1", key: "k", value: { nested: true } }, "value"],
    ["put_data with a value over 16 KiB", { subject: "lti.put_data", message_id: "1", key: "k", value: "x".repeat(16 * 1024 + 1) }, "value"],
    ["get_data with a number as key", { subject: "lti.get_data", message_id: "1", key: 42 }, "key"],
    ["get_data with a key over 1024 characters", { subject: "lti.get_data", message_id: "1", key: "k".repeat(1025) }, "key"],
  ])("answers bad_request naming the field to %s, and stores nothing", (_case, message, field) => {
    const storage = new PlatformStorage();
    const answer = storage.answer(message, tool);
    expect(answer).toEqual({
      subject: `${message.subject}.response`,
      message_id: "1",
      error: { code: "bad_request", message: expect.stringMatching(new RegExp(`^${field} `)) },
    });
    expect(storage.answer({ subject: "lti.get_data", message_id: "2", key: "k" }, tool)).not.toHaveProperty("value");
  });

  it("answers bad_request when the message_id is missing", () => {
    expect(new PlatformStorage().answer({ subject: "lti.get_data", key: "k" }, tool)).toEqual({
      subject: "lti.get_data.response",
      error: { code: "bad_request", message: "message_id is missing" },
    });
  });

  it("answers unsupported_subject for an LTI message it does not know, and ignores messages that are not LTI messages", () => {
    const storage = new PlatformStorage();
    expect(storage.answer({ subject: "lti.frameResize", message_id: "5", height: 400 }, tool)).toEqual({
      subject: "lti.frameResize.response",
      message_id: "5",
      error: { code: "unsupported_subject", message: "lti.frameResize is not supported" },
    });
    expect(storage.answer({ subject: "resize", message_id: "5" }, tool)).toBeUndefined();
    expect(storage.answer("lti.get_data", tool)).toBeUndefined();
    expect(storage.answer(null, tool)).toBeUndefined();
  });

  it("forgets the oldest key of an origin beyond 100, not the newest", () => {
    const storage = new PlatformStorage();
    for (let i = 0; i <= 100; i++) storage.answer({ subject: "lti.put_data", message_id: i, key: `state-${i}`, value: `v${i}` }, tool);
    expect(storage.answer({ subject: "lti.get_data", message_id: "a", key: "state-0" }, tool)).not.toHaveProperty("value");
    expect(storage.answer({ subject: "lti.get_data", message_id: "b", key: "state-1" }, tool)).toHaveProperty("value", "v1");
    expect(storage.answer({ subject: "lti.get_data", message_id: "c", key: "state-100" }, tool)).toHaveProperty("value", "v100");
  });
});

describe("LTI postMessage storage: the page's listener", () => {
  /** A window that records its listener, and a frame that records what is posted to it. */
  function setUp() {
    let listener: ((event: MessageEvent) => void) | undefined;
    const page = {
      addEventListener: (_type: string, handler: (event: MessageEvent) => void) => (listener = handler),
      removeEventListener: () => (listener = undefined),
    } as unknown as Window;
    const posted: { message: unknown; targetOrigin: string }[] = [];
    const frame = { postMessage: (message: unknown, targetOrigin: string) => posted.push({ message, targetOrigin }) } as unknown as Window;
    const stop = listenForToolStorage({ window: page, frame: () => frame, origins: [tool], storage: new PlatformStorage() });
    const send = (data: unknown, origin: string, source: unknown = frame) => listener?.({ data, origin, source } as MessageEvent);
    return { posted, frame, stop, send };
  }

  it("answers the framed tool at its own origin", () => {
    const { posted, send } = setUp();
    send({ subject: "lti.capabilities", message_id: "c1" }, tool);
    expect(posted).toEqual([{ message: expect.objectContaining({ subject: "lti.capabilities.response", message_id: "c1" }), targetOrigin: tool }]);
  });

  it("ignores messages from an origin that is not the tool's and from windows other than the tool's frame", () => {
    const { posted, send } = setUp();
    send({ subject: "lti.put_data", message_id: "p1", key: "k", value: "v" }, other);
    const stranger = { postMessage: () => posted.push({ message: "to stranger", targetOrigin: tool }) };
    send({ subject: "lti.put_data", message_id: "p2", key: "k", value: "v" }, tool, stranger);
    expect(posted).toEqual([]);
    send({ subject: "lti.get_data", message_id: "g1", key: "k" }, tool);
    expect(posted).toEqual([{ message: { subject: "lti.get_data.response", message_id: "g1", key: "k" }, targetOrigin: tool }]);
  });

  it("stops answering once stopped", () => {
    const { posted, send, stop } = setUp();
    stop();
    send({ subject: "lti.capabilities", message_id: "c1" }, tool);
    expect(posted).toEqual([]);
  });
});
