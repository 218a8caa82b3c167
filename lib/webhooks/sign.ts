// Where webhooks are signed. Two schemes over the same stored bytes:
//  - the guide's: hex HMAC-SHA256 keyed by the whole secret string (UTF-8) over `timestamp.rawBody`;
//  - Standard Webhooks: base64 HMAC-SHA256 keyed by the base64-decoded part after `whsec_`, over
//    `id.timestamp.rawBody`, as `v1,<sig>` (space-separated when several secrets are valid).
import { createHmac } from "node:crypto";

/** The current secret and, during a rotation, the ones still valid (newest first). */
export type SigningSecrets = { current: string; previous: string[] };

export const USER_AGENT = "RetentBase-Webhooks/1.0";

export function retentbaseSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

export function standardWebhooksSignature(
  secret: string,
  msgId: string,
  timestamp: number,
  rawBody: string,
): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${msgId}.${timestamp}.${rawBody}`).digest("base64")}`;
}

export type DeliveryHeaderInput = {
  eventType: string;
  /** evt_…: stable across retries (also the Standard Webhooks `webhook-id`). */
  eventId: string;
  /** dlv_…: new for every attempt. */
  attemptId: string;
  attempt: number;
  /** UNIX seconds, taken fresh for every attempt. */
  timestamp: number;
  rawBody: string;
  secrets: SigningSecrets;
};

/** Every header of one delivery attempt, exactly as the API guide and README document them. */
export function deliveryHeaders(input: DeliveryHeaderInput): Record<string, string> {
  const { eventId, timestamp, rawBody, secrets } = input;
  const all = [secrets.current, ...secrets.previous];
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "x-retentbase-event": input.eventType,
    "x-retentbase-event-id": eventId,
    "x-retentbase-delivery-id": input.attemptId,
    "x-retentbase-attempt": String(input.attempt),
    "x-retentbase-timestamp": String(timestamp),
    "x-retentbase-signature-sha256": retentbaseSignature(secrets.current, timestamp, rawBody),
    "webhook-id": eventId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": all.map((s) => standardWebhooksSignature(s, eventId, timestamp, rawBody)).join(" "),
  };
  // During a rotation a receiver still configured with the old secret verifies this header instead.
  const previous = secrets.previous[0];
  if (previous) {
    headers["x-retentbase-signature-sha256-previous"] = retentbaseSignature(previous, timestamp, rawBody);
  }
  return headers;
}
