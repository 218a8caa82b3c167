import { expect, test } from "@playwright/test";
import { type GuideReceiver, startGuideReceiver } from "../helpers/guide-receiver";
import { rb, runScript } from "../helpers/run-script";
import { sql } from "./support/sql";

const base = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

// Webhooks from the built app to a merchant endpoint running the guide's verification code. The
// endpoint is on loopback, which the app refuses to send to (as it must: the suite runs the server
// without WEBHOOK_ALLOW_PRIVATE_TARGETS), so its first attempt, right after the response, is recorded
// as failed; the operator's drain (`rb cron webhooks`, the same code as the cron route), run with
// loopback allowed, then delivers it through the real retry path.
const allowLoopback = { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" };

/**
 * Makes the endpoint's undelivered deliveries due and drains, until the guide has received `count`
 * (the app's own attempts, refused, may still be landing and rescheduling them meanwhile).
 */
async function drainUntilReceived(guide: GuideReceiver, endpointId: string, count: number) {
  await expect
    .poll(
      async () => {
        await sql(
          `update "WebhookDelivery" set "nextAttemptAt" = now() where "endpointId" = $1 and status <> 'succeeded'`,
          [endpointId],
        );
        const drained = await runScript("scripts/rb.ts", ["cron", "webhooks", "--json"], allowLoopback);
        expect(drained.code, drained.stderr).toBe(0);
        return guide.exchanges.length;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(count);
}

test("a merchant endpoint running the guide's code receives created and outcome_updated", async () => {
  const created = await rb("workspace", "create", "--name", "Hooks Co", "--plan", "advanced", "--json");
  expect(created.code, created.stderr).toBe(0);
  const { workspace, apiKey, signingSecret } = JSON.parse(created.stdout);
  const guide = await startGuideReceiver({ secret: signingSecret });
  try {
    const added = await runScript(
      "scripts/rb.ts",
      ["webhook", "add", "--workspace", workspace.id, "--url", guide.url, "--json"],
      allowLoopback,
    );
    expect(added.code, added.stderr).toBe(0);
    const endpointId = JSON.parse(added.stdout).endpoint.id as string;

    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
    const post = await fetch(`${base}/api/v1/cancellations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ eventId: "hook_evt_1", reasonKey: "too_expensive" }),
    });
    expect(post.status).toBe(201);
    await drainUntilReceived(guide, endpointId, 1);
    const [first] = await guide.waitFor(1, 10_000);
    expect(first).toMatchObject({ status: 200, headers: { "x-retentbase-event": "cancellation.created" } });

    const patch = await fetch(`${base}/api/v1/cancellations/hook_evt_1`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ outcome: "recovered" }),
    });
    expect(patch.status).toBe(200);
    await drainUntilReceived(guide, endpointId, 2);
    const [, second] = await guide.waitFor(2, 10_000);
    expect(second).toMatchObject({
      status: 200,
      headers: { "x-retentbase-event": "cancellation.outcome_updated" },
    });
    expect(JSON.parse(second!.rawBody).data.cancellation.outcome).toBe("recovered");

    const deliveries = await fetch(`${base}/api/v1/webhook-deliveries`, { headers });
    const page = await deliveries.json();
    // Both delivered. How many attempts each took depends on whether the app's own (refused)
    // attempt ran before the drain claimed the delivery: a race, not behaviour.
    expect(page.data).toHaveLength(2);
    for (const d of page.data as { status: string; attemptCount: number }[]) {
      expect(d.status).toBe("succeeded");
    }
  } finally {
    await guide.close();
  }
});

test("the cron route refuses calls without the cron secret", async () => {
  const res = await fetch(`${base}/api/cron/webhooks`);
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
});
