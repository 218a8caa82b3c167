// `npm run test:e2e` after `next build`: a fresh, migrated and seeded database for the built app,
// then Playwright (which starts `next start` on it), then clean-up. Extra args go to Playwright.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { startFakeStripeApp } from "../helpers/fake-stripe-app";
import { startMailbox } from "../helpers/mailbox";
import { runScript } from "../helpers/run-script";
import { createMigratedDatabase, dropDatabase, startTestServer, uniqueName } from "../helpers/test-database";

const root = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<number> {
  // One key for the seed, the tests' own writes and the server: signing secrets are encrypted with it.
  process.env.ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  const server = await startTestServer();
  const name = uniqueName("rb_e2e");
  // Emails the app sends (magic links, invitations, reports) land here; tests read them over HTTP.
  const mailbox = await startMailbox();
  // Billing is on, against a local fake of Stripe that posts signed webhooks back to the app.
  const stripeWebhookSecret = "whsec_e2e_0123456789abcdef";
  const fakeStripe = await startFakeStripeApp({
    webhookUrl: `http://localhost:${process.env.E2E_PORT ?? 3100}/api/stripe/webhook`,
    webhookSecret: stripeWebhookSecret,
  });
  try {
    const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
    const seeded = await runScript("scripts/db.ts", ["seed"], { DATABASE_URL: databaseUrl });
    if (seeded.code !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);

    const playwright = path.join(root, "node_modules", "@playwright", "test", "cli.js");
    const child = spawn(process.execPath, [playwright, "test", ...process.argv.slice(2)], {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        HEALTH_TOKEN: process.env.HEALTH_TOKEN ?? "e2e-health-token-0123456789",
        CRON_SECRET: process.env.CRON_SECRET ?? "e2e-cron-secret-0123456789",
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-nextauth-secret-0123456789-abcdef",
        SMTP_URL: mailbox.smtpUrl,
        // Every test signs in from 127.0.0.1 (Next reports the socket address as X-Forwarded-For).
        SIGNIN_LIMIT_PER_IP: "100000",
        SIGNIN_GLOBAL_LIMIT_PER_MINUTE: "100000",
        E2E_MAILBOX_URL: mailbox.url,
        STRIPE_SECRET_KEY: "sk_test_e2e",
        STRIPE_API_BASE: fakeStripe.url,
        STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
        STRIPE_PRICE_CORE: "price_core",
        STRIPE_PRICE_ADVANCED: "price_advanced",
        E2E_STRIPE_URL: fakeStripe.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      },
    });
    const stop = () => child.kill("SIGTERM");
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    await mailbox.close();
    await fakeStripe.close();
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);
