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
 * A Stripe webhook: the signature is checked on the raw body; each event id is handled once (a
 * replay is a no-op), and only after its handler succeeds, so a failure makes Stripe retry.
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
  const seen = await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } });
  if (seen) return { received: true, duplicate: true };
  const handler = stripeEventHandler(event.type);
  if (handler) await handler.handle(event.data.object);
  else logger.debug({ type: event.type }, "stripe event ignored");
  await db.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
  return { received: true, handled: Boolean(handler) };
}
