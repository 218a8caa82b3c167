import { BODY_LIMITS, readBodyText } from "@/lib/api/body";
import { withErrors } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { handleStripeWebhook } from "@/lib/billing/webhook";

export const dynamic = "force-dynamic";

// Unauthenticated until its signature is checked: at most 256 KB is read (413 beyond).
const post = withErrors(async (req) =>
  Response.json(
    await handleStripeWebhook(
      await readBodyText(req, BODY_LIMITS.stripeWebhook),
      req.headers.get("stripe-signature"),
    ),
  ),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: post });
