import { describe, expect, it } from "vitest";
import { BODY_LIMITS, readBodyText, readLimitedBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";

/** A chunked body (no Content-Length), counting how much of it was pulled. */
function streamed(chunks: number, chunkSize: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkSize).fill(97));
    },
  });
  const req = new Request("http://localhost/api/x", { method: "POST", body, duplex: "half" } as RequestInit);
  return { req, pulled: () => pulled };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe("body limits", () => {
  it("are 64 KB for the API, 256 KB for Stripe, and small for the unauthenticated forms", () => {
    expect(BODY_LIMITS).toEqual({
      api: 65536,
      stripeWebhook: 262144,
      hostedForm: 24576,
      authForm: 16384,
    });
  });

  it("a declared Content-Length over the limit is refused without waiting for the body", async () => {
    // A body that never arrives: reading it would hang.
    const body = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const declared = new Request("http://localhost/api/x", {
      method: "POST",
      body,
      headers: { "content-length": String(100 * 1024) },
      duplex: "half",
    } as RequestInit);
    const e = await refusal(readLimitedBody(declared, BODY_LIMITS.api));
    expect(e.status).toBe(413);
    expect(e.code).toBe("payload_too_large");
  });

  it("a chunked body is refused once it passes the limit, while streaming", async () => {
    const { req } = streamed(400, 1024); // 400 KB
    const e = await refusal(readBodyText(req, BODY_LIMITS.stripeWebhook));
    expect(e.status).toBe(413);
    expect(e.message).toBe("Request body exceeds 256 KB");
  });

  it("a body within the limit is read whole", async () => {
    const { req } = streamed(16, 1024);
    expect((await readLimitedBody(req, BODY_LIMITS.authForm)).byteLength).toBe(16 * 1024);
  });
});
