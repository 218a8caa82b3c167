import { withErrors } from "@/lib/api/handler";
import { handleStripeWebhook } from "@/lib/billing/webhook";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (req) =>
  Response.json(await handleStripeWebhook(await req.text(), req.headers.get("stripe-signature"))),
);
