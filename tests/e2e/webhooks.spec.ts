import { expect, test } from "@playwright/test";
import { startGuideReceiver } from "../helpers/guide-receiver";
import { rb } from "../helpers/run-script";

const base = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

// The built app sends the first attempt right after the response (after()), to a merchant endpoint
// running the guide's verification code. The endpoint is on loopback, so the server must run with
// WEBHOOK_ALLOW_PRIVATE_TARGETS=true (e.g. `WEBHOOK_ALLOW_PRIVATE_TARGETS=true npm run test:e2e`).
test("a merchant endpoint running the guide's code receives created and outcome_updated", async () => {
  test.skip(
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS !== "true",
    "needs WEBHOOK_ALLOW_PRIVATE_TARGETS=true for the server (loopback receiver)",
  );
  const created = await rb("workspace", "create", "--name", "Hooks Co", "--plan", "advanced", "--json");
  expect(created.code, created.stderr).toBe(0);
  const { workspace, apiKey, signingSecret } = JSON.parse(created.stdout);
  const guide = await startGuideReceiver({ secret: signingSecret });
  try {
    const added = await rb("webhook", "add", "--workspace", workspace.id, "--url", guide.url, "--json");
    expect(added.code, added.stderr).toBe(0);

    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` };
    const post = await fetch(`${base}/api/v1/cancellations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ eventId: "hook_evt_1", reasonKey: "too_expensive" }),
    });
    expect(post.status).toBe(201);
    const [first] = await guide.waitFor(1, 10_000);
    expect(first).toMatchObject({ status: 200, headers: { "x-retentbase-event": "cancellation.created" } });

    const patch = await fetch(`${base}/api/v1/cancellations/hook_evt_1`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ outcome: "recovered" }),
    });
    expect(patch.status).toBe(200);
    const [, second] = await guide.waitFor(2, 10_000);
    expect(second).toMatchObject({
      status: 200,
      headers: { "x-retentbase-event": "cancellation.outcome_updated" },
    });
    expect(JSON.parse(second!.rawBody).data.cancellation.outcome).toBe("recovered");

    const deliveries = await fetch(`${base}/api/v1/webhook-deliveries`, { headers });
    const page = await deliveries.json();
    expect(page.data.map((d: { status: string }) => d.status)).toEqual(["succeeded", "succeeded"]);
  } finally {
    await guide.close();
  }
});

test("the cron route refuses calls without the cron secret", async () => {
  const res = await fetch(`${base}/api/cron/webhooks`);
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
});
