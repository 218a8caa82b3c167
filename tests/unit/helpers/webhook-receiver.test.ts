import { afterEach, describe, expect, it } from "vitest";
import {
  signRetentbaseBody,
  startWebhookReceiver,
  verifyRetentbaseSignature,
  type WebhookReceiver,
} from "../../helpers/webhook-receiver";

const secret = "whsec_test_receiver_secret";
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

describe("webhook receiver", () => {
  it("records a POST with its path, lower-case headers and exact raw body, and answers 200 ok", async () => {
    receiver = await startWebhookReceiver();
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    const body = '{"type":"cancellation.created",  "data":{"id":"evt_1"}}';

    const response = await post(`${receiver.url}/hooks/rb?x=1`, body, {
      "X-RetentBase-Event": "cancellation.created",
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    const [request] = await receiver.waitFor(1);
    expect(request).toMatchObject({ method: "POST", path: "/hooks/rb?x=1", rawBody: body });
    expect(request?.headers["x-retentbase-event"]).toBe("cancellation.created");
    expect(request?.signatureValid).toBeUndefined();
  });

  it("marks a correctly signed request valid and tampered, stale or unsigned ones invalid", async () => {
    receiver = await startWebhookReceiver({ secret });
    const body = '{"id":"evt_signed"}';
    const signed = signRetentbaseBody(secret, body);
    const staleTimestamp = Math.floor(Date.now() / 1000) - 301;

    await post(receiver.url, body, signed);
    await post(receiver.url, body.replace("signed", "tamper"), signed);
    await post(receiver.url, body, signRetentbaseBody("whsec_other", body));
    await post(receiver.url, body, signRetentbaseBody(secret, body, staleTimestamp));
    await post(receiver.url, body);

    const requests = await receiver.waitFor(5);
    expect(requests.map((r) => r.signatureValid)).toEqual([true, false, false, false, false]);
  });

  it("verifies with the guide's formula: hex HMAC-SHA256 over the timestamp, a dot and the raw body", () => {
    // Computed outside this code: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_x
    const known = "b3438763ab46d9634b9844c8722818eaf523f803db1327484c6067462a5fd6d1";
    const headers = { "x-retentbase-timestamp": "1700000000", "x-retentbase-signature-sha256": known };
    expect(signRetentbaseBody("whsec_x", '{"a":1}', 1_700_000_000)).toEqual(headers);
    expect(verifyRetentbaseSignature("whsec_x", headers, '{"a":1}', 1_700_000_000_000)).toBe(true);
    expect(verifyRetentbaseSignature("whsec_x", headers, '{"a":1}', 1_700_000_300_000)).toBe(true);
    expect(verifyRetentbaseSignature("whsec_x", headers, '{"a":1}', 1_700_000_301_000)).toBe(false);
    expect(verifyRetentbaseSignature("whsec_x", headers, '{"a":2}', 1_700_000_000_000)).toBe(false);
  });

  it("answers with the responder's status, body and headers, numbering requests from 1", async () => {
    const seen: number[] = [];
    receiver = await startWebhookReceiver({
      respond: (_req, n) => {
        seen.push(n);
        return n === 1 ? { status: 500, body: "boom", headers: { "retry-after": "7" } } : { status: 204 };
      },
    });

    const first = await post(receiver.url, "{}");
    const second = await post(receiver.url, "{}");
    receiver.setResponder(() => ({ status: 410, body: "gone" }));
    const third = await post(receiver.url, "{}");

    expect([first.status, await first.text(), first.headers.get("retry-after")]).toEqual([500, "boom", "7"]);
    expect(second.status).toBe(204);
    expect([third.status, await third.text()]).toEqual([410, "gone"]);
    expect(seen).toEqual([1, 2]);
  });

  it("records a delayed request at once and closes while it is still hanging", async () => {
    receiver = await startWebhookReceiver({ respond: () => ({ status: 200, delayMs: 60_000 }) });
    const hanging = post(receiver.url, '{"slow":true}').then(
      (response) => `answered ${response.status}`,
      (error: Error) => `failed: ${error.message}`,
    );

    const [request] = await receiver.waitFor(1);
    expect(request?.rawBody).toBe('{"slow":true}');

    const startedClosing = Date.now();
    await receiver.close();
    expect(Date.now() - startedClosing).toBeLessThan(2_000);
    expect(await hanging).toMatch(/^failed/);
    receiver = undefined;
  });

  it("waitFor rejects with what it saw when too few requests arrive", async () => {
    receiver = await startWebhookReceiver();
    await post(receiver.url, "{}");
    await expect(receiver.waitFor(2, 100)).rejects.toThrow(/expected 2 request\(s\), got 1/);
  });
});
