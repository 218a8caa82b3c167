"use server";

import { type ActionResult, requireRole } from "@/lib/dashboard/context";
import { assertFormWorkspace, field, formAction, formValues, saved } from "@/lib/dashboard/forms";
import { audit } from "@/lib/domain/audit";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  removeWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { webhookEndpointForm } from "@/lib/webhooks/form-schema";
import { retryWebhookDeliveryNow, sendTestWebhookNow } from "@/lib/webhooks/send-now";

export async function createWebhookEndpointAction(
  _p: ActionResult | null,
  f: FormData,
): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const input = webhookEndpointForm.parse({
      url: field(f, "url"),
      eventTypes: formValues(f, "eventTypes").map(String),
      description: field(f, "description"),
    });
    const endpoint = await createWebhookEndpoint(current.id, {
      url: input.url,
      eventTypes: input.eventTypes,
      description: input.description || null,
    });
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "webhook_endpoint.created",
      target: endpoint.url,
      details: { endpointId: endpoint.id, eventTypes: endpoint.eventTypes },
    });
    return saved("Endpoint added. Send a test event to check that it answers.");
  });
}

export async function setWebhookEndpointEnabledAction(
  _p: ActionResult | null,
  f: FormData,
): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const endpointId = field(f, "endpointId");
    const enable = field(f, "enabled") === "true";
    const endpoint = enable
      ? await enableWebhookEndpoint(current.id, endpointId)
      : await disableWebhookEndpoint(current.id, endpointId, `Disabled by ${user.email}`);
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: enable ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
      target: endpoint.url,
      details: { endpointId },
    });
    return saved(
      enable
        ? "Endpoint enabled: queued deliveries are sent on the next run."
        : "Endpoint disabled: new deliveries wait until you enable it again.",
    );
  });
}

export async function removeWebhookEndpointAction(
  _p: ActionResult | null,
  f: FormData,
): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const endpointId = field(f, "endpointId");
    const url = field(f, "url");
    await removeWebhookEndpoint(current.id, endpointId);
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "webhook_endpoint.removed",
      target: url || endpointId,
      details: { endpointId },
    });
    return saved("Endpoint removed, with its delivery history.");
  });
}

export type TestResult = ActionResult<{
  status: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
  responseExcerpt: string | null;
}>;

/** Sends webhook.test now and reports what the endpoint answered. */
export async function sendTestWebhookAction(_p: TestResult | null, f: FormData): Promise<TestResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const endpointId = field(f, "endpointId");
    const delivery = await sendTestWebhookNow(current.id, endpointId);
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "webhook_endpoint.test_sent",
      target: delivery.endpoint.url,
      details: { endpointId, deliveryId: delivery.id, status: delivery.status },
    });
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
  });
}

export async function retryWebhookDeliveryAction(
  _p: ActionResult | null,
  f: FormData,
): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const deliveryId = field(f, "deliveryId");
    const delivery = await retryWebhookDeliveryNow(current.id, deliveryId);
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "webhook_delivery.retried",
      target: deliveryId,
      details: { status: delivery.status },
    });
    if (delivery.status === "succeeded") {
      return saved(`Retried: delivered, the endpoint answered ${delivery.lastStatusCode}.`);
    }
    const last = delivery.attempts.at(-1);
    const why = last?.error ?? (last?.statusCode ? `the endpoint answered ${last.statusCode}` : "no answer");
    return saved(`Retried: not delivered (${why}).`);
  });
}
