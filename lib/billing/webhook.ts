import Stripe from "stripe";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { unstorableText } from "@/lib/api/text";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { stripeEventHandler } from "./stripe-events";

// A signed event is trusted, not assumed well-formed: one without what its handler reads is
// refused (400) instead of crashing (500).
const eventShape = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

function assertUsableEvent(event: unknown): asserts event is Stripe.Event {
  const parsed = eventShape.safeParse(event);
  const shape = parsed.success ? stripeEventHandler(parsed.data.type)?.reads : undefined;
  const object = parsed.success ? parsed.data.data.object : undefined;
  if (!parsed.success || (shape && !shape.safeParse(object).success) || unstorableText(event).length) {
    throw new ApiError("invalid_request", "Malformed Stripe event");
  }
}

/**
 * A Stripe webhook: the signature is checked on the raw body; each event id is handled once. The id
 * is claimed first (an insert that does nothing when the row exists), so of two deliveries of one
 * event at the same moment exactly one runs the handler and the other answers `duplicate`. A
 * handler that fails gives its claim back (the row is deleted) and the error answers 500, so
 * Stripe's retry processes the event again.
 */
export async function handleStripeWebhook(rawBody: string, signature: string | null) {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ApiError("not_found", "Billing is not configured on this server");
  if (!signature) throw new ApiError("invalid_request", "Missing Stripe-Signature header");
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(rawBody, signature, secret);
  } catch {
    throw new ApiError("invalid_request", "Invalid Stripe signature");
  }
  assertUsableEvent(event);
  const claimed = await db.$executeRaw`
    insert into "StripeEvent" (id, type) values (${event.id}, ${event.type}) on conflict (id) do nothing`;
  if (!claimed) return { received: true, duplicate: true };
  const handler = stripeEventHandler(event.type);
  try {
    if (handler) await handler.handle(event.data.object);
    else logger.debug({ type: event.type }, "stripe event ignored");
  } catch (err) {
    await db.stripeEvent.delete({ where: { id: event.id } }).catch((releaseErr: unknown) => {
      logger.error({ err: releaseErr, eventId: event.id }, "stripe event claim could not be released");
    });
    throw err;
  }
  return { received: true, handled: Boolean(handler) };
}
