// One attempt at one claimed delivery: sign, send, and turn whatever happened into the record
// that gets written (record.ts). Never throws: every failure is an outcome.
import { createId } from "@/lib/ids";
import type { Claimed } from "./claim";
import type { AttemptContext } from "./drain-options";
import type { AttemptRecord } from "./record";
import { nextRetryDelayMs, parseRetryAfter } from "./retry";
import { deliveryHeaders } from "./sign";
import { checkWebhookUrlShape } from "./target";
import {
  describeSendError,
  postWebhook,
  type SendFailure,
  type SendResult,
  sendFailureOf,
} from "./transport";

function failureMessage(result: SendResult): string {
  const code = result.statusCode;
  if (code !== null && code >= 300 && code < 400) {
    const to = result.location ? ` (to ${result.location.slice(0, 200)})` : "";
    return `Redirect ${code}${to} not followed: the webhook URL must answer with a 2xx itself`;
  }
  if (code === 410) return "410 Gone: the endpoint has been disabled";
  if (code !== null) return result.error ? `HTTP ${code}; ${result.error}` : `HTTP ${code}`;
  return result.error ?? "No response";
}

export async function attemptDelivery(item: Claimed, ctx: AttemptContext): Promise<AttemptRecord> {
  const attemptId = createId("dlv");
  const sentAt = new Date();
  const notSent = (error: string, failure: SendFailure = "blocked"): SendResult => ({
    statusCode: null,
    failure,
    retryAfter: null,
    location: null,
    excerpt: null,
    error,
    durationMs: 0,
  });
  let result: SendResult;
  if (!item.secrets) {
    result = notSent(item.secretsError ?? "This workspace has no signing secret");
  } else {
    try {
      // Send time repeats the save-time URL rules; DNS is vetted by the transport at connect time.
      checkWebhookUrlShape(item.url, { allowPrivate: ctx.allowPrivate });
      const headers = deliveryHeaders({
        eventType: item.type,
        eventId: item.webhookEventId,
        attemptId,
        attempt: item.attempt,
        timestamp: Math.floor(sentAt.getTime() / 1000),
        rawBody: item.payload,
        secrets: item.secrets,
      });
      result = await postWebhook({
        url: item.url,
        headers,
        body: item.payload,
        dispatcher: ctx.dispatcher,
        timeoutMs: ctx.timeoutMs,
      });
    } catch (err) {
      result = notSent(describeSendError(err), sendFailureOf(err, false));
    }
  }

  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delayMs = ok
    ? null
    : nextRetryDelayMs({
        attempt: item.attempt,
        schedule: ctx.schedule,
        retryAfterSeconds: parseRetryAfter(result.retryAfter),
      });
  return {
    deliveryId: item.id,
    attempt: item.attempt,
    attemptId,
    workspaceId: item.workspaceId,
    endpointId: item.endpointId,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: ok ? result.error : failureMessage(result),
    excerpt: result.excerpt,
    sentAt,
    outcome: ok ? "succeeded" : delayMs === null ? "dead" : "failed",
    delayMs,
    gone: result.statusCode === 410,
    timedOut: result.failure === "timeout",
    probe: item.probe,
    circuitDirty: item.circuitDirty,
  };
}
