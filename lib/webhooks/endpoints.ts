// Webhook endpoints of a workspace (Advanced plan): what the dashboard and the CLI call.
// Another workspace's endpoint is always "not found".
import type { z } from "zod";
import { checkAccess, denialError } from "@/lib/access/policy";
import { ApiError, validationError } from "@/lib/api/errors";
import { db, type WebhookEndpoint } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { createId } from "@/lib/ids";
import { CLOSED, circuitStatus } from "./circuit";
import {
  type WebhookCircuitResource,
  type WebhookEndpointInput,
  type WebhookEndpointResource,
  type WebhookEndpointUpdate,
  webhookEndpointInput,
  webhookEndpointUpdate,
} from "./schema";
import { checkWebhookUrl, type Resolver, WebhookTargetError } from "./target";
import { targetPolicy } from "./transport";

/**
 * Tests inject a resolver so that save-time DNS checks never touch the network; `actor` is who is
 * recorded in the audit log for the change (default `system`).
 */
export type EndpointDeps = { resolve?: Resolver; actor?: Actor };

export const MAX_ENDPOINTS_PER_WORKSPACE = 20;

type CircuitColumns = Pick<
  WebhookEndpoint,
  "consecutiveTimeouts" | "circuitOpenedAt" | "circuitRetryAt" | "circuitOpenings"
>;

/** The circuit breaker's state as the API, the CLI and the dashboard show it. */
export function toCircuitResource(e: CircuitColumns, now = new Date()): WebhookCircuitResource {
  return {
    state: circuitStatus({ retryAt: e.circuitRetryAt }, now),
    consecutiveTimeouts: e.consecutiveTimeouts,
    openedAt: e.circuitOpenedAt?.toISOString() ?? null,
    retryAt: e.circuitRetryAt?.toISOString() ?? null,
  };
}

/** Columns that close the circuit (a person enabled the endpoint or pointed it elsewhere). */
const closedCircuit = {
  consecutiveTimeouts: CLOSED.consecutiveTimeouts,
  circuitOpenedAt: CLOSED.openedAt,
  circuitRetryAt: CLOSED.retryAt,
  circuitOpenings: CLOSED.openings,
};

export function toEndpointResource(e: WebhookEndpoint): WebhookEndpointResource {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    failingSince: e.failingSince?.toISOString() ?? null,
    circuit: toCircuitResource(e),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** 404 for an unknown workspace, 403 `plan_required` without outbound webhooks. */
export async function requireWebhooksPlan(workspaceId: string): Promise<void> {
  const workspace = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: { plan: true, isDemo: true, subscriptionStatus: true, accessEndsAt: true, pastDueSince: true },
  });
  if (!workspace) throw new ApiError("not_found", `No workspace ${workspaceId}`);
  // Reads and writes alike (the caller's wrapper refuses writes to demo and read-only workspaces).
  const denial = checkAccess(workspace, { via: "domain" }, { feature: "outbound_webhooks", write: false });
  if (denial) throw denialError(denial);
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, "body");
  return result.data;
}

/** The URL as it will be used, or a 400 whose message the dashboard can show beside the field. */
async function validatedUrl(raw: string, deps: EndpointDeps): Promise<string> {
  try {
    return (await checkWebhookUrl(raw, targetPolicy(deps.resolve))).toString();
  } catch (err) {
    if (!(err instanceof WebhookTargetError)) throw err;
    throw new ApiError("invalid_request", `url: ${err.message}`, {
      issues: [{ path: "url", message: err.message }],
    });
  }
}

async function findEndpoint(workspaceId: string, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, workspaceId } });
  if (!endpoint) throw new ApiError("not_found", `No webhook endpoint ${endpointId}`);
  return endpoint;
}

export async function createWebhookEndpoint(
  workspaceId: string,
  raw: WebhookEndpointInput,
  deps: EndpointDeps = {},
): Promise<WebhookEndpointResource> {
  const input = parse(webhookEndpointInput, raw);
  await requireWebhooksPlan(workspaceId);
  const url = await validatedUrl(input.url, deps);
  const count = await db.webhookEndpoint.count({ where: { workspaceId } });
  if (count >= MAX_ENDPOINTS_PER_WORKSPACE) {
    throw new ApiError(
      "conflict",
      `A workspace can have at most ${MAX_ENDPOINTS_PER_WORKSPACE} webhook endpoints: remove one first`,
    );
  }
  const endpoint = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        id: createId("we"),
        workspaceId,
        url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes)],
      },
    });
    await recordAudit(tx, {
      workspaceId,
      actor: deps.actor ?? "system",
      action: "webhook_endpoint.created",
      target: created.url,
      details: { endpointId: created.id, eventTypes: created.eventTypes },
    });
    return created;
  });
  return toEndpointResource(endpoint);
}

export async function listWebhookEndpoints(workspaceId: string): Promise<WebhookEndpointResource[]> {
  const rows = await db.webhookEndpoint.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map(toEndpointResource);
}

export async function getWebhookEndpoint(
  workspaceId: string,
  endpointId: string,
): Promise<WebhookEndpointResource> {
  return toEndpointResource(await findEndpoint(workspaceId, endpointId));
}

export async function updateWebhookEndpoint(
  workspaceId: string,
  endpointId: string,
  raw: WebhookEndpointUpdate,
  deps: EndpointDeps = {},
): Promise<WebhookEndpointResource> {
  const input = parse(webhookEndpointUpdate, raw);
  await requireWebhooksPlan(workspaceId);
  const current = await findEndpoint(workspaceId, endpointId);
  const url = input.url === undefined ? undefined : await validatedUrl(input.url, deps);
  const endpoint = await db.webhookEndpoint.update({
    where: { id: endpointId },
    data: {
      // A new URL is a new target: whatever the old one did, its circuit starts closed.
      ...(url === undefined || url === current.url ? {} : { url, ...closedCircuit }),
      ...(input.eventTypes === undefined ? {} : { eventTypes: [...new Set(input.eventTypes)] }),
      ...(input.description === undefined ? {} : { description: input.description }),
    },
  });
  return toEndpointResource(endpoint);
}

/** Stops deliveries to the endpoint; queued ones wait (nothing is dropped) until it is enabled. */
export async function disableWebhookEndpoint(
  workspaceId: string,
  endpointId: string,
  reason = "Disabled by a user",
  opts: { actor?: Actor } = {},
): Promise<WebhookEndpointResource> {
  await findEndpoint(workspaceId, endpointId);
  const endpoint = await db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { enabled: false, disabledReason: reason.slice(0, 500), disabledAt: new Date() },
    });
    // Parked (not due) until enabled, so drainers do not scan them meanwhile.
    await tx.webhookDelivery.updateMany({
      where: { endpointId, status: { in: ["pending", "failed"] } },
      data: { nextAttemptAt: null },
    });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "webhook_endpoint.disabled",
      target: updated.url,
      details: { endpointId },
    });
    return updated;
  });
  return toEndpointResource(endpoint);
}

/**
 * Resumes deliveries: the queued ones are due at once. The URL is checked again (it may have been
 * saved under other rules), and the failure streak and the circuit breaker start over (closed).
 */
export async function enableWebhookEndpoint(
  workspaceId: string,
  endpointId: string,
  deps: EndpointDeps = {},
): Promise<WebhookEndpointResource> {
  await requireWebhooksPlan(workspaceId);
  const current = await findEndpoint(workspaceId, endpointId);
  await validatedUrl(current.url, deps);
  const now = new Date();
  const endpoint = await db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { enabled: true, disabledReason: null, disabledAt: null, failingSince: null, ...closedCircuit },
    });
    await tx.webhookDelivery.updateMany({
      where: { endpointId, status: { in: ["pending", "failed"] } },
      data: { nextAttemptAt: now },
    });
    await recordAudit(tx, {
      workspaceId,
      actor: deps.actor ?? "system",
      action: "webhook_endpoint.enabled",
      target: updated.url,
      details: { endpointId },
    });
    return updated;
  });
  return toEndpointResource(endpoint);
}

/** Deletes the endpoint with its deliveries and their attempts. */
export async function removeWebhookEndpoint(
  workspaceId: string,
  endpointId: string,
  opts: { actor?: Actor } = {},
): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({
      where: { id: endpointId, workspaceId },
      select: { url: true },
    });
    if (!endpoint) throw new ApiError("not_found", `No webhook endpoint ${endpointId}`);
    await tx.webhookEndpoint.delete({ where: { id: endpointId } });
    // The URL it had, as stored: the entry outlives the endpoint.
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "webhook_endpoint.removed",
      target: endpoint.url,
      details: { endpointId },
    });
  });
  return { id: endpointId };
}
