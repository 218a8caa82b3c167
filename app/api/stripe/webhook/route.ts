import { BODY_LIMITS, readBodyText } from "@/lib/api/body";
import { withErrors } from "@/lib/api/handler";
import { handleStripeWebhook } from "@/lib/billing/webhook";

export const dynamic = "force-dynamic";

// Unauthenticated until its signature is checked: at most 256 KB is read (413 beyond).
export const POST = withErrors(async (req) =>
  Response.json(
    await handleStripeWebhook(
      await readBodyText(req, BODY_LIMITS.stripeWebhook),
      req.headers.get("stripe-signature"),
    ),
  ),
);
