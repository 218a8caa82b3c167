// Operator CLI: `npm run rb -- <command>`. With --json every command prints exactly one JSON
// document on stdout; logs and progress go to stderr; errors exit non-zero with a clear message.
import "dotenv/config";
import { parseArgs } from "node:util";
import { openDefaultDatabase } from "./db";

const USAGE = `RetentBase operator CLI

usage: npm run rb -- <command> [options] [--json]

  workspace create --name NAME [--plan core|advanced] [--demo]
                   [--subscription none|active|trialing|expired] [--return-url URL]...
  workspace list
  workspace set-plan --workspace ID [--plan core|advanced] [--subscription none|active|trialing|expired]
  apikey create --workspace ID [--name NAME]
  apikey list --workspace ID
  apikey revoke --key-id ID
  help

The database is DATABASE_URL, else the embedded Postgres of \`npm run dev\` (.data/postgres).`;

class UsageError extends Error {}

const options = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  name: { type: "string" },
  plan: { type: "string" },
  demo: { type: "boolean" },
  subscription: { type: "string" },
  "return-url": { type: "string", multiple: true },
  workspace: { type: "string" },
  "key-id": { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function required(values: Values, name: "name" | "workspace" | "key-id"): string {
  const v = values[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} must be one of: ${allowed.join(", ")}`);
  return value as T;
}

const SUBSCRIPTIONS = ["none", "active", "trialing", "expired"] as const;

type Output = { json: unknown; text: string };

async function run(command: string, values: Values): Promise<Output> {
  const ws = await import("../lib/domain/workspaces/create-workspace");
  const keys = await import("../lib/domain/workspaces/api-keys");
  const { db } = await import("../lib/db");

  switch (command) {
    case "workspace create": {
      const { workspace, apiKey, signingSecret } = await ws.createWorkspace({
        name: required(values, "name"),
        plan: oneOf(values.plan, ["core", "advanced"], "plan"),
        isDemo: values.demo ?? false,
        subscription: oneOf(values.subscription, SUBSCRIPTIONS, "subscription"),
        returnUrls: values["return-url"] ?? [],
      });
      return {
        json: {
          workspace: {
            id: workspace.id,
            key: workspace.workspaceKey,
            name: workspace.name,
            plan: workspace.plan,
          },
          apiKey: apiKey.key,
          signingSecret,
        },
        text: [
          `Created workspace ${workspace.name} (${workspace.id}, ${workspace.plan})`,
          `  workspaceKey:   ${workspace.workspaceKey}`,
          `  API key:        ${apiKey.key}   (shown once: store it now)`,
          `  signing secret: ${signingSecret}`,
        ].join("\n"),
      };
    }
    case "workspace list": {
      const list = await ws.listWorkspaces();
      return {
        json: { workspaces: list.map((w) => ({ ...w, key: w.workspaceKey })) },
        text: list.length
          ? list
              .map(
                (w) =>
                  `${w.id}  ${w.plan.padEnd(8)} ${w.subscriptionStatus.padEnd(10)} ${w.isDemo ? "[demo] " : ""}${w.name}`,
              )
              .join("\n")
          : "No workspaces yet: npm run rb -- workspace create --name NAME",
      };
    }
    case "workspace set-plan": {
      const workspaceId = required(values, "workspace");
      const plan = oneOf(values.plan, ["core", "advanced"], "plan");
      const subscription = oneOf(values.subscription, SUBSCRIPTIONS, "subscription");
      if (!plan && !subscription) throw new UsageError("give --plan and/or --subscription");
      const exists = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
      if (!exists) throw new Error(`No workspace ${workspaceId}`);
      const updated = await ws.setWorkspacePlan({ workspaceId, plan, subscription });
      return {
        json: { workspace: updated },
        text: `${updated.id}: plan ${updated.plan}, ${updated.subscriptionStatus}`,
      };
    }
    case "apikey create": {
      const workspaceId = required(values, "workspace");
      const exists = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
      if (!exists) throw new Error(`No workspace ${workspaceId}`);
      const key = await keys.createApiKey({ workspaceId, name: values.name });
      return {
        json: { apiKey: { id: key.id, name: key.name, prefix: key.prefix, key: key.key } },
        text: `Created API key ${key.id} (${key.name}): ${key.key}   (shown once: store it now)`,
      };
    }
    case "apikey list": {
      const list = await keys.listApiKeys(required(values, "workspace"));
      return {
        json: { apiKeys: list },
        text: list.length
          ? list.map((k) => `${k.id}  ${k.prefix}…  ${k.name}${k.revokedAt ? "  (revoked)" : ""}`).join("\n")
          : "No API keys",
      };
    }
    case "apikey revoke": {
      const revoked = await keys.revokeApiKey({ keyId: required(values, "key-id") });
      if (!revoked) throw new Error(`No API key ${values["key-id"]}`);
      return { json: { apiKey: revoked }, text: `Revoked ${revoked.id}` };
    }
    default:
      throw new UsageError(`unknown command: ${command || "(none)"}`);
  }
}

async function main() {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals.slice(0, 2).join(" ");
  if (values.help || positionals[0] === "help" || positionals.length === 0) {
    (positionals.length === 0 && !values.help ? console.error : console.log)(USAGE);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  if (positionals.length > 2) {
    console.error(`unexpected argument: ${positionals[2]}\n\n${USAGE}`);
    return 2;
  }

  process.env.LOG_LEVEL ??= "warn";
  const database = await openDefaultDatabase();
  process.env.DATABASE_URL = database.url;
  try {
    const out = await run(command, values);
    console.log(values.json ? JSON.stringify(out.json) : out.text);
    return 0;
  } catch (e) {
    const err = e as Error & { issues?: { path: PropertyKey[]; message: string }[] };
    const message = err.issues
      ? err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")
      : err.message;
    if (values.json) console.log(JSON.stringify({ error: { message } }));
    console.error(e instanceof UsageError ? `${message}\n\n${USAGE}` : `error: ${message}`);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  },
);
