// Deliveries are verifiable by the guide's sample logic and by the standardwebhooks library, both
// unchanged, including during a secret rotation.
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { deliveryHeaders, retentbaseSignature, standardWebhooksSignature } from "@/lib/webhooks/sign";
import { verifyRetentbaseSignature } from "../helpers/webhook-receiver";

const body =
  '{"id":"evt_1","type":"cancellation.created","data":{"cancellation":{"mrr":129.99,"note":"é ✓"}}}';
const now = () => Math.floor(Date.now() / 1000);

function headersFor(secrets: { current: string; previous: string[] }, timestamp = now()) {
  return deliveryHeaders({
    eventType: "cancellation.created",
    eventId: "evt_1",
    attemptId: "dlv_1",
    attempt: 3,
    timestamp,
    rawBody: body,
    secrets,
  });
}

describe("delivery headers", () => {
  it("carry exactly the guide's headers plus the Standard Webhooks ones", () => {
    const secret = generateSigningSecret();
    const h = headersFor({ current: secret, previous: [] }, 1_700_000_000);
    expect(h).toEqual({
      "content-type": "application/json",
      "user-agent": "RetentBase-Webhooks/1.0",
      "x-retentbase-event": "cancellation.created",
      "x-retentbase-event-id": "evt_1",
      "x-retentbase-delivery-id": "dlv_1",
      "x-retentbase-attempt": "3",
      "x-retentbase-timestamp": "1700000000",
      "x-retentbase-signature-sha256": expect.stringMatching(/^[0-9a-f]{64}$/),
      "webhook-id": "evt_1",
      "webhook-timestamp": "1700000000",
      "webhook-signature": expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
  });

  it("sign with the guide's formula: hex HMAC-SHA256, key = the whole secret string, over timestamp.rawBody", () => {
    // Computed outside this code: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_x
    expect(retentbaseSignature("whsec_x", 1_700_000_000, '{"a":1}')).toBe(
      "b3438763ab46d9634b9844c8722818eaf523f803db1327484c6067462a5fd6d1",
    );
  });

  it("are accepted by the guide's verification logic", () => {
    const secret = generateSigningSecret();
    const h = headersFor({ current: secret, previous: [] });
    expect(verifyRetentbaseSignature(secret, h, body)).toBe(true);
    expect(verifyRetentbaseSignature(secret, h, `${body} `)).toBe(false);
    expect(verifyRetentbaseSignature(generateSigningSecret(), h, body)).toBe(false);
  });

  it("are accepted by standardwebhooks Webhook.verify, which rejects any tampering", () => {
    const secret = generateSigningSecret();
    const h = headersFor({ current: secret, previous: [] });
    expect(new Webhook(secret).verify(body, h)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("129.99", "1.00"), h)).toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(body, h)).toThrow();
    // The library's own signer agrees byte for byte.
    const ts = new Date(Number(h["webhook-timestamp"]) * 1000);
    expect(new Webhook(secret).sign("evt_1", ts, body)).toBe(h["webhook-signature"]);
    expect(standardWebhooksSignature(secret, "evt_1", Number(h["webhook-timestamp"]), body)).toBe(
      h["webhook-signature"],
    );
  });

  it("during a rotation carry both signatures, verifiable with the old secret and the new one", () => {
    const previous = generateSigningSecret();
    const current = generateSigningSecret();
    const h = headersFor({ current, previous: [previous] });

    expect(h["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(current).verify(body, h)).toBeTruthy();
    expect(new Webhook(previous).verify(body, h)).toBeTruthy();

    // The guide's code with the new secret verifies the main header as is…
    expect(verifyRetentbaseSignature(current, h, body)).toBe(true);
    expect(verifyRetentbaseSignature(previous, h, body)).toBe(false);
    // …and a receiver still on the old one finds its signature in the -previous header.
    const previousHeader = {
      ...h,
      "x-retentbase-signature-sha256": h["x-retentbase-signature-sha256-previous"],
    };
    expect(verifyRetentbaseSignature(previous, previousHeader, body)).toBe(true);
  });

  it("carry no -previous header outside a rotation", () => {
    const h = headersFor({ current: generateSigningSecret(), previous: [] });
    expect(h).not.toHaveProperty("x-retentbase-signature-sha256-previous");
  });
});
