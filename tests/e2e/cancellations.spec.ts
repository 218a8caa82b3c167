import { expect, test } from "@playwright/test";
import { rb } from "../helpers/run-script";

const base = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

// The API guide's two snippets, run against the built app with a key from the CLI.
test("the guide's POST and PATCH examples work against the running app", async () => {
  const created = await rb("workspace", "create", "--name", "Guide Co", "--plan", "advanced", "--json");
  expect(created.code, created.stderr).toBe(0);
  process.env.RETENTBASE_API_KEY = JSON.parse(created.stdout).apiKey;

  const post = await fetch(`${base}/api/v1/cancellations`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${process.env.RETENTBASE_API_KEY}`,
    },
    body: JSON.stringify({
      environment: "sandbox",
      eventId: "cancel_evt_8f30a7bf",
      userId: "user_456",
      reasonKey: "too_expensive",
      outcome: "churned",
      offer: { type: "discount", accepted: true, label: "20% off next month" },
      reasonText: "Needs lower monthly price",
      context: { plan: "pro", mrr: 129, tenureDays: 42 },
      occurredAt: new Date().toISOString(),
      metadata: { source: "billing_settings_page" },
    }),
  });
  expect(post.status).toBe(201);
  expect(post.headers.get("x-request-id")).toBeTruthy();
  const event = await post.json();

  const replay = await fetch(`${base}/api/v1/cancellations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "x-api-key": process.env.RETENTBASE_API_KEY! },
    body: JSON.stringify({ environment: "sandbox", eventId: "cancel_evt_8f30a7bf", reasonKey: "other" }),
  });
  expect(replay.status).toBe(200);
  expect(await replay.json()).toEqual(event);

  const patch = await fetch(`${base}/api/v1/cancellations/cancel_evt_8f30a7bf`, {
    method: "PATCH",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${process.env.RETENTBASE_API_KEY}`,
    },
    body: JSON.stringify({
      environment: "sandbox",
      outcome: "recovered",
      effectiveAt: new Date().toISOString(),
      metadata: { actor: "success_playbook", channel: "cs_call" },
    }),
  });
  expect(patch.status).toBe(200);
  expect((await patch.json()).outcome).toBe("recovered");

  const wrongEnv = await fetch(`${base}/api/v1/cancellations/cancel_evt_8f30a7bf`, {
    method: "PATCH",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${process.env.RETENTBASE_API_KEY}`,
    },
    body: JSON.stringify({ outcome: "churned" }),
  });
  expect(wrongEnv.status).toBe(409);

  const textBody = await fetch(`${base}/api/v1/cancellations`, {
    method: "POST",
    headers: { "Content-Type": "text/plain", Authorization: `Bearer ${process.env.RETENTBASE_API_KEY}` },
    body: "hello",
  });
  expect(textBody.status).toBe(415);
  expect(await textBody.json()).toMatchObject({ error: { code: "unsupported_media_type" } });

  const got = await fetch(`${base}/api/v1/cancellations/cancel_evt_8f30a7bf?environment=sandbox`, {
    headers: { Authorization: `Bearer ${process.env.RETENTBASE_API_KEY}` },
  });
  expect((await got.json()).outcomeHistory).toHaveLength(2);

  const spec = await fetch(`${base}/api/v1/openapi.json`);
  expect((await spec.json()).paths["/api/v1/cancellations"]).toBeDefined();
});
