"use server";

import { z } from "zod";
import { type ActionResult, saved, workspaceAction } from "@/lib/dashboard/action";
import { list, text, urlText } from "@/lib/dashboard/forms";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  removeWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { webhookEndpointForm } from "@/lib/webhooks/form-schema";
import { retryWebhookDeliveryNow, sendTestWebhookNow } from "@/lib/webhooks/send-now";

// Admins and owners, on a plan with outbound webhooks (the domain checks the plan again for the CLI).
const WEBHOOKS = { role: "admin", feature: "outbound_webhooks" } as const;
const form = webhookEndpointForm.shape;

export const createWebhookEndpointAction = workspaceAction(
  {
    ...WEBHOOKS,
    schema: z.object({
      url: urlText(form.url),
      eventTypes: list(form.eventTypes),
      description: text(form.description),
    }),
  },
  async (input, { workspace, actor }) => {
    await createWebhookEndpoint(
      workspace.id,
      { url: input.url, eventTypes: input.eventTypes, description: input.description || null },
      { actor },
    );
    return saved("Endpoint added. Send a test event to check that it answers.");
  },
);

export const setWebhookEndpointEnabledAction = workspaceAction(
  { ...WEBHOOKS, schema: z.object({ endpointId: text(), enabled: text() }) },
  async ({ endpointId, enabled }, { workspace, user, actor }) => {
    const enable = enabled === "true";
    if (enable) await enableWebhookEndpoint(workspace.id, endpointId, { actor });
    else await disableWebhookEndpoint(workspace.id, endpointId, `Disabled by ${user.email}`, { actor });
    return saved(
      enable
        ? "Endpoint enabled: queued deliveries are sent on the next run."
        : "Endpoint disabled: new deliveries wait until you enable it again.",
    );
  },
);

export const removeWebhookEndpointAction = workspaceAction(
  { ...WEBHOOKS, schema: z.object({ endpointId: text() }) },
  async ({ endpointId }, { workspace, actor }) => {
    await removeWebhookEndpoint(workspace.id, endpointId, { actor });
    return saved("Endpoint removed, with its delivery history.");
  },
);

export type TestResult = ActionResult<{
  status: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
  responseExcerpt: string | null;
}>;

/** Sends webhook.test now and reports what the endpoint answered. */
export const sendTestWebhookAction = workspaceAction(
  { ...WEBHOOKS, schema: z.object({ endpointId: text() }) },
  async ({ endpointId }, { workspace, actor }): Promise<TestResult> => {
    const delivery = await sendTestWebhookNow(workspace.id, endpointId, { actor });
    const last = delivery.attempts.at(-1);
    const data = {
      status: delivery.status,
      statusCode: last?.statusCode ?? null,
      error: last?.error ?? null,
      durationMs: last?.durationMs ?? null,
      responseExcerpt: last?.responseExcerpt ?? null,
    };
    // Either way the test ran: its result is what the person asked for, shown beside a badge.
    if (delivery.status === "succeeded") {
      return saved(`The endpoint answered ${data.statusCode} in ${data.durationMs} ms.`, data);
    }
    const why = data.error ?? (data.statusCode ? `The endpoint answered ${data.statusCode}` : "No answer");
    return saved(`${why}. The test event is retried on the usual schedule.`, data);
  },
);

export const retryWebhookDeliveryAction = workspaceAction(
  { ...WEBHOOKS, schema: z.object({ deliveryId: text() }) },
  async ({ deliveryId }, { workspace, actor }) => {
    const delivery = await retryWebhookDeliveryNow(workspace.id, deliveryId, { actor });
    if (delivery.status === "succeeded") {
      return saved(`Retried: delivered, the endpoint answered ${delivery.lastStatusCode}.`);
    }
    const last = delivery.attempts.at(-1);
    const why = last?.error ?? (last?.statusCode ? `the endpoint answered ${last.statusCode}` : "no answer");
    return saved(`Retried: not delivered (${why}).`);
  },
);
