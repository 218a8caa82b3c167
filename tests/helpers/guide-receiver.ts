// A merchant endpoint running the API guide's "Verify RetentBase webhook signature" sample,
// copied verbatim below, served on loopback. Whatever it answers is what RetentBase sees.
import crypto from "node:crypto";
import { createServer } from "node:http";
import { LOOPBACK_HOST, listenOnLoopback, Waiters } from "./loopback";

// ───── verbatim from the API guide (spec/retentbase-api-guide.txt), not one character changed ─────
export async function POST(request: Request) {
  const timestamp = request.headers.get("x-retentbase-timestamp");
  const signature = request.headers.get("x-retentbase-signature-sha256");

  if (!timestamp || !signature) {
    return new Response("Missing signature headers", { status: 400 });
  }

  const unixTimestamp = Number(timestamp);
  if (!Number.isFinite(unixTimestamp) || Math.abs(Date.now() / 1000 - unixTimestamp) > 300) {
    return new Response("Stale webhook timestamp", { status: 401 });
  }

  const rawBody = await request.text();
  const expected = crypto
    .createHmac("sha256", process.env.RETENTBASE_SIGNING_SECRET!)
    .update(`${timestamp}.${rawBody}`)
    .digest("hex");

  const valid =
    expected.length === signature.length &&
    crypto.timingSafeEqual(Buffer.from(expected, "utf8"), Buffer.from(signature, "utf8"));

  if (!valid) {
    return new Response("Invalid signature", { status: 401 });
  }

  // biome-ignore lint/correctness/noUnusedVariables: the guide's sample, kept as published
  const deliveryId = request.headers.get("x-retentbase-delivery-id");
  // Persist deliveryId to reject duplicate deliveries idempotently.

  // biome-ignore lint/correctness/noUnusedVariables: the guide's sample, kept as published
  const event = JSON.parse(rawBody);
  return new Response("ok", { status: 200 });
}
// ───── end of the guide's sample ─────

export type GuideExchange = {
  headers: Record<string, string>;
  rawBody: string;
  /** What the guide's handler answered (or the override). */
  status: number;
  answer: string;
};

export type GuideReceiver = {
  url: string;
  exchanges: GuideExchange[];
  /** Exchanges the guide's code accepted (200). */
  accepted(): GuideExchange[];
  waitFor(count: number, timeoutMs?: number): Promise<GuideExchange[]>;
  close(): Promise<void>;
};

/**
 * Serves the guide's POST handler with `secret` as RETENTBASE_SIGNING_SECRET. `outage(n)` may
 * answer the n-th request itself (say, a 500 while the merchant deploys) instead of the handler.
 */
export async function startGuideReceiver(opts: {
  secret: string;
  outage?: (n: number) => number | null;
}): Promise<GuideReceiver> {
  const exchanges: GuideExchange[] = [];
  const waiters = new Waiters();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const n = exchanges.length + 1;
    const override = opts.outage?.(n) ?? null;
    let status: number;
    let answer: string;
    if (override !== null) {
      status = override;
      answer = "temporarily unavailable";
    } else {
      process.env.RETENTBASE_SIGNING_SECRET = opts.secret;
      const response = await POST(
        new Request(`http://${LOOPBACK_HOST}${req.url}`, { method: "POST", headers, body: rawBody }),
      );
      status = response.status;
      answer = await response.text();
    }
    exchanges.push({ headers, rawBody, status, answer });
    waiters.notify();
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(answer);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://${LOOPBACK_HOST}:${port}/webhooks/retentbase`,
    exchanges,
    accepted: () => exchanges.filter((e) => e.status === 200),
    waitFor(count, timeoutMs = 5_000) {
      return waiters.wait(
        () => (exchanges.length >= count ? [...exchanges] : undefined),
        timeoutMs,
        () => `guide receiver expected ${count} request(s), got ${exchanges.length}`,
      );
    },
    close() {
      waiters.rejectAll("guide receiver closed");
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
