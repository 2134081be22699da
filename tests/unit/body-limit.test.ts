import { HttpProblem, readBodyBytes } from "../../shared/runtime/index.js";

/** A chunked body (no Content-Length) of `count` chunks of `size` bytes that counts what was pulled from it. */
function chunkedBody(count: number, size: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === count) return controller.close();
        pulled++;
        controller.enqueue(new Uint8Array(size).fill(pulled));
      },
    },
    // Nothing is pulled before a read asks for it.
    { highWaterMark: 0 },
  );
  return { request: { headers: new Headers(), body }, pulled: () => pulled };
}

const status = async (reading: Promise<unknown>): Promise<number | undefined> =>
  reading.then(
    () => undefined,
    (error: unknown) => (error instanceof HttpProblem ? error.status : undefined),
  );

describe("reading a capped body", () => {
  it("gives the bytes exactly as sent when they fit", async () => {
    const { request } = chunkedBody(3, 1000);
    const bytes = await readBodyBytes(request, 3000);
    expect([bytes.length, bytes[0], bytes[1000], bytes[2999]]).toEqual([3000, 1, 2, 3]);
  });

  it("refuses a chunked body with 413 as soon as it passes the limit, without reading the rest", async () => {
    const { request, pulled } = chunkedBody(1000, 16 * 1024);
    expect(await status(readBodyBytes(request, 64 * 1024))).toBe(413);
    expect(pulled()).toBeLessThan(10);
  });

  it("refuses a body whose Content-Length is over the limit without reading any of it", async () => {
    const { request, pulled } = chunkedBody(10, 1024);
    expect(await status(readBodyBytes({ headers: new Headers({ "content-length": String(10 * 1024) }), body: request.body }, 4096))).toBe(413);
    expect(pulled()).toBe(0);
  });
});
