// Operator CLI: `npm run rb -- <command>`. With --json every command prints exactly one JSON
// document on stdout; logs and progress go to stderr; errors exit non-zero with a clear message.
import "dotenv/config";
import path from "node:path";
import { parseArgs } from "node:util";
import { localEncryptionKey } from "../lib/crypto/secrets";
import type { WebhookCircuitResource } from "../lib/webhooks/schema";
import { openDefaultDatabase } from "./db";

const USAGE = `RetentBase operator CLI

usage: npm run rb -- <command> [options] [--json]

  workspace create --name NAME [--plan core|advanced] [--demo]
                   [--subscription none|active|trialing|expired] [--return-url URL]...
  workspace list
  workspace set-plan --workspace ID [--plan core|advanced] [--subscription none|active|trialing|expired]
  workspace update --workspace ID [--default-locale en|de|fr|es]
                   [--compliance-mode auto|standard|click_to_cancel|de_312k|fr_3_clicks]
  apikey create --workspace ID [--name NAME]
  apikey list --workspace ID
  apikey revoke --key-id ID
  reasons list --workspace ID
  reasons add --workspace ID --key KEY --label LABEL
  reasons update --workspace ID --key KEY [--label LABEL] [--enable | --disable]
                 [--locale de|fr|es]   (with --locale, --label is that language's; "" removes it)
  reasons reorder --workspace ID --keys a,b,c
  offers list --workspace ID
  offers add --workspace ID --type discount|pause|plan_change|extension --label LABEL
             [--reason KEY] [--terms SMALL_PRINT]
             [--plans a,b] [--min-mrr N] [--max-mrr N] [--min-tenure DAYS] [--max-tenure DAYS]
             discount:    (--percent-off 1-100 | --amount-off N [--currency USD])
                          (--duration-months 1-36 | --forever)   (currency: the workspace's)
             pause:       --max-months 1-12
             plan_change: --to-plan PLAN [--price-label TEXT]
             extension:   --days 1-365
  offers update --workspace ID --offer-id ID [--label LABEL] [--terms-text SMALL_PRINT]
                [--locale de|fr|es]   (with --locale, that language's texts; "" removes one)
  offers remove --workspace ID --offer-id ID
  cron expire-sessions
  cron webhooks
  cron rollups [--workspace ID]
  cron weekly-issues [--workspace ID]
  cron reports
  webhook add --workspace ID --url URL [--events a,b] [--description TEXT]
  webhook list --workspace ID
  webhook remove --endpoint-id ID
  webhook disable --endpoint-id ID [--reason TEXT]
  webhook enable --endpoint-id ID
  webhook deliveries --workspace ID [--status pending|succeeded|failed|dead] [--endpoint-id ID] [--limit N]
  webhook retry --delivery-id ID
  webhook test --endpoint-id ID
  webhook rotate-secret --workspace ID
  experiments create --workspace ID --name NAME [--reason KEY]
                     --variant KEY=OFFER_ID:WEIGHT --variant KEY=none:WEIGHT ...
                     (2-6 variants, weights 1-100; OFFER_ID none = the holdout, no offer)
  experiments list --workspace ID
  experiments start --experiment-id ID
  experiments stop --experiment-id ID
  experiments winner --experiment-id ID --variant KEY   (stopped only: the offer becomes normal)
  experiments delete --experiment-id ID                 (drafts only)
  experiments results --experiment-id ID
  secrets reencrypt
  help

The database is DATABASE_URL, else the embedded Postgres of \`npm run dev\` (.data/postgres).
Signing secrets are encrypted with ENCRYPTION_KEY (local runs: .data/encryption-key).`;

class UsageError extends Error {}

/** DATABASE_URL was given (a deployment's database, maybe), rather than the embedded one. */
let explicitDatabase = false;

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
  key: { type: "string" },
  keys: { type: "string" },
  label: { type: "string" },
  enable: { type: "boolean" },
  disable: { type: "boolean" },
  type: { type: "string" },
  reason: { type: "string" },
  terms: { type: "string" },
  plans: { type: "string" },
  "min-mrr": { type: "string" },
  "max-mrr": { type: "string" },
  "min-tenure": { type: "string" },
  "max-tenure": { type: "string" },
  "offer-id": { type: "string" },
  "percent-off": { type: "string" },
  "amount-off": { type: "string" },
  currency: { type: "string" },
  "duration-months": { type: "string" },
  forever: { type: "boolean" },
  "max-months": { type: "string" },
  "to-plan": { type: "string" },
  "price-label": { type: "string" },
  days: { type: "string" },
  url: { type: "string" },
  events: { type: "string" },
  description: { type: "string" },
  "endpoint-id": { type: "string" },
  "delivery-id": { type: "string" },
  status: { type: "string" },
  limit: { type: "string" },
  variant: { type: "string", multiple: true },
  "experiment-id": { type: "string" },
  locale: { type: "string" },
  "terms-text": { type: "string" },
  "default-locale": { type: "string" },
  "compliance-mode": { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function required(
  values: Values,
  name:
    | "name"
    | "workspace"
    | "key-id"
    | "key"
    | "label"
    | "keys"
    | "offer-id"
    | "url"
    | "endpoint-id"
    | "delivery-id",
): string {
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

/** The CLI's changes are audited like the dashboard's, as actor `cli`. */
const CLI = "cli" as const;

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} must be a number ≥ 0`);
  return n;
}

/** The term flags of each offer type (`rb offers add`). */
const TERM_FLAGS = {
  discount: ["percent-off", "amount-off", "currency", "duration-months", "forever"],
  pause: ["max-months"],
  plan_change: ["to-plan", "price-label"],
  extension: ["days"],
} as const;
type OfferTypeFlag = keyof typeof TERM_FLAGS;
const OFFER_TYPE_FLAGS = Object.keys(TERM_FLAGS) as OfferTypeFlag[];

/** A number flag as given; ranges are the domain's to check (exit 1, like any refused value). */
function numberFlag(value: string | undefined, flag: string, opts: { int?: boolean } = {}) {
  if (value === undefined) return undefined;
  const ok = opts.int ? /^-?\d+$/.test(value) : /^-?\d+(\.\d+)?$/.test(value);
  if (!ok) throw new UsageError(`--${flag} must be ${opts.int ? "a whole number" : "a number"}`);
  return Number(value);
}

/**
 * The structured terms `rb offers add` gives the domain: only the chosen type's flags, each type's
 * required ones present (an amount off without --currency gets the workspace's, filled in by the caller).
 */
function termsFromFlags(type: OfferTypeFlag, values: Values): Record<string, unknown> {
  for (const [other, flags] of Object.entries(TERM_FLAGS)) {
    if (other === type) continue;
    for (const flag of flags) {
      if (values[flag] !== undefined && !(TERM_FLAGS[type] as readonly string[]).includes(flag)) {
        throw new UsageError(`--${flag} is for --type ${other}, not ${type}`);
      }
    }
  }
  const present = (flag: string) => values[flag as keyof Values] !== undefined;
  switch (type) {
    case "discount": {
      if (present("percent-off") === present("amount-off")) {
        throw new UsageError("a discount needs --percent-off or --amount-off (one of them)");
      }
      if (present("duration-months") === Boolean(values.forever)) {
        throw new UsageError("a discount needs --duration-months or --forever (one of them)");
      }
      if (present("currency") && !present("amount-off")) {
        throw new UsageError("--currency goes with --amount-off");
      }
      return {
        ...(present("percent-off")
          ? { percentOff: numberFlag(values["percent-off"], "percent-off", { int: true }) }
          : {
              amountOff: numberFlag(values["amount-off"], "amount-off"),
              ...(values.currency !== undefined ? { currency: values.currency } : {}),
            }),
        ...(values.forever
          ? { forever: true }
          : { durationMonths: numberFlag(values["duration-months"], "duration-months", { int: true }) }),
      };
    }
    case "pause":
      if (!present("max-months")) throw new UsageError("a pause needs --max-months (1-12)");
      return { maxMonths: numberFlag(values["max-months"], "max-months", { int: true }) };
    case "plan_change":
      if (!values["to-plan"]?.trim()) throw new UsageError("a plan change needs --to-plan");
      return {
        toPlan: values["to-plan"],
        ...(values["price-label"] !== undefined ? { priceLabel: values["price-label"] } : {}),
      };
    case "extension":
      if (!present("days")) throw new UsageError("an extension needs --days (1-365)");
      return { days: numberFlag(values.days, "days", { int: true }) };
  }
}

async function workspaceId(values: Values): Promise<string> {
  const { db } = await import("../lib/db");
  const id = required(values, "workspace");
  const exists = await db.workspace.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw new Error(`No workspace ${id}`);
  return id;
}

type Output = { json: unknown; text: string; code?: number };

/** `--locale` of a translation: a language the hosted flow speaks (the domain refuses the default one). */
async function translationLocale(values: Values) {
  const { SUPPORTED_LOCALES } = await import("../lib/i18n/locales");
  const locale = oneOf(values.locale, SUPPORTED_LOCALES, "locale");
  if (!locale) throw new UsageError("--locale is required");
  return locale;
}

/** "  [paused: timing out …]" for an endpoint whose circuit breaker is not closed. */
function circuitNote(circuit: WebhookCircuitResource): string {
  if (circuit.state === "closed") return "";
  const next = circuit.state === "open" ? `next try at ${circuit.retryAt}` : "next try due now";
  return `  [paused: timing out (${circuit.consecutiveTimeouts} in a row), circuit ${circuit.state.replace("_", "-")}, ${next}]`;
}

/** `--variant KEY=OFFER_ID:WEIGHT` (OFFER_ID `none`: the holdout) as the domain's variant input. */
function parseVariantFlag(flag: string): { key: string; offerId: string | null; weight: number } {
  const m = /^([^=]+)=([^:]+):(\d+)$/.exec(flag.trim());
  if (!m) {
    throw new UsageError(`--variant ${flag}: expected KEY=OFFER_ID:WEIGHT (KEY=none:WEIGHT for the holdout)`);
  }
  return { key: m[1]!, offerId: m[2] === "none" ? null : m[2]!, weight: Number(m[3]) };
}

/** The experiment's workspace, by the experiment id alone (the CLI acts as the operator). */
async function experimentWorkspace(values: Values): Promise<{ id: string; workspaceId: string }> {
  const { db } = await import("../lib/db");
  const id = values["experiment-id"];
  if (!id) throw new UsageError("--experiment-id is required");
  const row = await db.experiment.findUnique({ where: { id }, select: { id: true, workspaceId: true } });
  if (!row) throw new Error(`No experiment ${id}`);
  return row;
}

type ExperimentRes = import("../lib/domain/experiments/schema").ExperimentResource;
type ExperimentResultsRes = import("../lib/domain/experiments/schema").ExperimentResults;

function experimentLine(e: ExperimentRes): string {
  const variants = e.variants
    .map((v) => `${v.key}=${v.offer ? `${v.offer.label} (${v.offer.id})` : "holdout"}:${v.weight}`)
    .join(", ");
  const winner = e.winnerVariant ? `  winner: ${e.winnerVariant}` : "";
  return `${e.id}  ${e.status.padEnd(7)} ${(e.reasonKey ?? "(every reason)").padEnd(22)} ${e.name}  [${variants}]${winner}`;
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

function resultsTable(r: ExperimentResultsRes): string {
  const head = [
    "variant",
    "sessions",
    "shown",
    "accepted",
    "saves",
    "save rate",
    "95% interval",
    "MRR saved",
    "validated",
  ];
  const rows = r.variants.map((v) => [
    v.holdout ? `${v.key} (holdout)` : v.key,
    String(v.sessions),
    String(v.shown),
    String(v.accepted),
    String(v.saves),
    pct(v.saveRate),
    v.interval ? `${pct(v.interval[0])}–${pct(v.interval[1])}` : "—",
    v.mrrSaved.toFixed(2),
    `${v.validated.saves}/${v.validated.sessions} ${pct(v.validated.saveRate)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const lines = [fmt(head), ...rows.map(fmt)];
  if (r.lift.length) {
    lines.push("", "lift over the holdout:");
    for (const l of r.lift) {
      const diff =
        l.vsHoldout === null ? "—" : `${l.vsHoldout >= 0 ? "+" : ""}${(l.vsHoldout * 100).toFixed(1)} pts`;
      const p = l.pValue === null ? "—" : l.pValue < 0.0001 ? "<0.0001" : l.pValue.toFixed(4);
      lines.push(
        `  ${l.variant}: ${diff}, p = ${p}${l.enoughData ? "" : "  (not enough data yet: 30 sessions per arm)"}`,
      );
    }
  } else {
    lines.push("", "No holdout: no lift to measure.");
  }
  if (!r.enoughData) lines.push("Not enough data yet: every arm needs 30 sessions.");
  return lines.join("\n");
}

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
    case "workspace update": {
      const { updateHostedLocaleSettings } = await import("../lib/domain/workspaces/hosted-locale");
      const { complianceSettingSchema } = await import("../lib/domain/compliance/mode");
      const { SUPPORTED_LOCALES } = await import("../lib/i18n/locales");
      const defaultLocale = oneOf(values["default-locale"], SUPPORTED_LOCALES, "default-locale");
      const complianceMode = oneOf(
        values["compliance-mode"],
        complianceSettingSchema.options,
        "compliance-mode",
      );
      if (!defaultLocale && !complianceMode) {
        throw new UsageError("give --default-locale and/or --compliance-mode");
      }
      const id = await workspaceId(values);
      const updated = await updateHostedLocaleSettings(id, { defaultLocale, complianceMode }, { actor: CLI });
      return {
        json: {
          workspace: { id, defaultLocale: updated.defaultLocale, complianceMode: updated.complianceMode },
          changed: updated.changed,
        },
        text: `${id}: default locale ${updated.defaultLocale}, compliance mode ${updated.complianceMode}${updated.changed.length ? "" : " (unchanged)"}`,
      };
    }
    case "apikey create": {
      const workspaceId = required(values, "workspace");
      const exists = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
      if (!exists) throw new Error(`No workspace ${workspaceId}`);
      const key = await keys.createApiKey({ workspaceId, name: values.name, actor: CLI });
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
      const revoked = await keys.revokeApiKey({ keyId: required(values, "key-id"), actor: CLI });
      if (!revoked) throw new Error(`No API key ${values["key-id"]}`);
      return { json: { apiKey: revoked }, text: `Revoked ${revoked.id}` };
    }
    case "reasons list": {
      const { listReasons } = await import("../lib/domain/reasons-offers/reasons");
      const list = await listReasons(await workspaceId(values));
      return {
        json: { reasons: list },
        text: list
          .map((r) => `${r.position}. ${r.key.padEnd(22)} ${r.enabled ? "" : "(disabled) "}${r.label}`)
          .join("\n"),
      };
    }
    case "reasons add": {
      const { addReason } = await import("../lib/domain/reasons-offers/reasons");
      const reason = await addReason(
        await workspaceId(values),
        {
          key: required(values, "key"),
          label: required(values, "label"),
        },
        { actor: CLI },
      );
      return { json: { reason }, text: `Added reason ${reason.key}` };
    }
    case "reasons update": {
      const { updateReason } = await import("../lib/domain/reasons-offers/reasons");
      if (values.enable && values.disable) throw new UsageError("give --enable or --disable, not both");
      const enabled = values.enable ? true : values.disable ? false : undefined;
      if (values.locale !== undefined) {
        const { updateReasonTranslations } = await import("../lib/domain/reasons-offers/translate");
        const locale = await translationLocale(values);
        if (values.label === undefined) throw new UsageError("--locale goes with --label");
        if (enabled !== undefined)
          throw new UsageError("--locale changes a label: --enable/--disable go alone");
        const { reason, changed } = await updateReasonTranslations(
          await workspaceId(values),
          required(values, "key"),
          { [locale]: { label: values.label } },
          { actor: CLI },
        );
        return {
          json: { reason, changed },
          text: `Updated reason ${reason.key}: ${locale} ${changed.length ? "saved" : "unchanged"}`,
        };
      }
      const reason = await updateReason(
        await workspaceId(values),
        required(values, "key"),
        {
          label: values.label,
          enabled,
        },
        { actor: CLI },
      );
      return { json: { reason }, text: `Updated reason ${reason.key}` };
    }
    case "reasons reorder": {
      const { reorderReasons } = await import("../lib/domain/reasons-offers/reasons");
      const keys = required(values, "keys")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean);
      const reasons = await reorderReasons(await workspaceId(values), keys, { actor: CLI });
      return { json: { reasons }, text: reasons.map((r) => r.key).join(", ") };
    }
    case "offers list": {
      const { listOffers } = await import("../lib/domain/reasons-offers/offers");
      const { describeTerms, storedTerms } = await import("../lib/domain/reasons-offers/terms");
      const list = await listOffers(await workspaceId(values));
      return {
        json: { offers: list.map(({ reason, ...o }) => ({ ...o, reasonKey: reason?.key ?? null })) },
        text: list.length
          ? list
              .map(
                (o) =>
                  `${o.id}  ${o.type.padEnd(11)} ${(o.reason?.key ?? "(any reason)").padEnd(22)} ${o.label}  [${describeTerms(o.type, storedTerms(o.type, o.terms)) ?? "no terms"}]${o.enabled ? "" : " (disabled)"}`,
              )
              .join("\n")
          : "No offers",
      };
    }
    case "offers add": {
      const { createOffer } = await import("../lib/domain/reasons-offers/offers");
      const type = oneOf(values.type, OFFER_TYPE_FLAGS, "type");
      if (!type) throw new UsageError("--type is required");
      const label = required(values, "label");
      const terms = termsFromFlags(type, values);
      const targeting = Object.fromEntries(
        Object.entries({
          plans: values.plans
            ?.split(",")
            .map((p) => p.trim())
            .filter(Boolean),
          minMrr: num(values["min-mrr"], "min-mrr"),
          maxMrr: num(values["max-mrr"], "max-mrr"),
          minTenureDays: num(values["min-tenure"], "min-tenure"),
          maxTenureDays: num(values["max-tenure"], "max-tenure"),
        }).filter(([, v]) => v !== undefined),
      );
      const id = await workspaceId(values);
      if (terms.amountOff !== undefined && terms.currency === undefined) {
        const { db } = await import("../lib/db");
        const ws = await db.workspace.findUniqueOrThrow({ where: { id }, select: { currency: true } });
        terms.currency = ws.currency;
      }
      const { reason, ...offer } = await createOffer(
        id,
        {
          type,
          label,
          reasonKey: values.reason ?? null,
          termsText: values.terms ?? null,
          terms,
          targeting,
        },
        { actor: CLI },
      );
      return {
        json: { offer: { ...offer, reasonKey: reason?.key ?? null } },
        text: `Added offer ${offer.id}`,
      };
    }
    case "offers update": {
      const offerId = required(values, "offer-id");
      const label = values.label;
      const termsText = values["terms-text"];
      if (label === undefined && termsText === undefined) {
        throw new UsageError("give --label and/or --terms-text");
      }
      if (values.locale !== undefined) {
        const { updateOfferTranslations } = await import("../lib/domain/reasons-offers/translate");
        const locale = await translationLocale(values);
        const { offer, changed } = await updateOfferTranslations(
          await workspaceId(values),
          offerId,
          {
            [locale]: {
              ...(label === undefined ? {} : { label }),
              ...(termsText === undefined ? {} : { termsText }),
            },
          },
          { actor: CLI },
        );
        const { reason, ...rest } = offer;
        return {
          json: { offer: { ...rest, reasonKey: reason?.key ?? null }, changed },
          text: `Updated offer ${offer.id} (${locale})`,
        };
      }
      const { updateOffer } = await import("../lib/domain/reasons-offers/offers");
      const { reason, ...offer } = await updateOffer(
        await workspaceId(values),
        offerId,
        {
          ...(label === undefined ? {} : { label }),
          ...(termsText === undefined ? {} : { termsText: termsText.trim() ? termsText : null }),
        },
        { actor: CLI },
      );
      return {
        json: { offer: { ...offer, reasonKey: reason?.key ?? null } },
        text: `Updated offer ${offer.id}`,
      };
    }
    case "offers remove": {
      const { deleteOffer } = await import("../lib/domain/reasons-offers/offers");
      const id = required(values, "offer-id");
      await deleteOffer(await workspaceId(values), id, { actor: CLI });
      return { json: { removed: id }, text: `Removed offer ${id}` };
    }
    case "cron expire-sessions": {
      const { expireSessions } = await import("../lib/jobs/expire-sessions");
      const { expired, abandoned } = await expireSessions();
      return {
        json: { job: "expire-sessions", expired, abandoned },
        text: `Expired ${expired} sessions (${abandoned} abandoned)`,
      };
    }
    case "cron webhooks": {
      const { drainWebhookDeliveries } = await import("../lib/webhooks/drain");
      const summary = await drainWebhookDeliveries();
      return {
        json: { job: "webhooks", ...summary },
        text: `Claimed ${summary.claimed}: ${summary.succeeded} delivered, ${summary.failed} to retry, ${summary.dead} dead`,
      };
    }
    case "cron rollups": {
      const { refreshAllRollups } = await import("../lib/jobs/rollups");
      const summary = await refreshAllRollups({
        workspaceId: values.workspace ? await workspaceId(values) : undefined,
      });
      return {
        json: { job: "rollups", ...summary },
        text: `Refreshed ${summary.workspaces} workspaces (${summary.days} days rebuilt, ${summary.skipped} busy, ${summary.failed} failed)`,
      };
    }
    case "cron weekly-issues": {
      const { detectWeeklyIssues } = await import("../lib/jobs/weekly-issues");
      const summary = await detectWeeklyIssues({
        workspaceId: values.workspace ? await workspaceId(values) : undefined,
      });
      return {
        json: { job: "weekly-issues", ...summary },
        text: [
          `Week ${summary.weekStart} to ${summary.weekEnd}: ${summary.workspaces} workspaces, ${summary.issues} issues (${summary.inserted} new)${summary.failed ? `, ${summary.failed} workspaces failed` : ""}`,
          ...summary.results
            .filter((r) => r.issues || r.error)
            .map((r) => `  ${r.workspaceId}: ${r.error ? `error: ${r.error}` : `${r.issues} issues`}`),
        ].join("\n"),
      };
    }
    case "cron reports": {
      const { sendWeeklyReports } = await import("../lib/jobs/reports");
      const summary = await sendWeeklyReports();
      return {
        json: { job: "reports", ...summary },
        text: [
          `${summary.sent} reports sent (${summary.emails} emails), ${summary.failed} failed, ${summary.notDue} not due, ${summary.alreadyClaimed} already sent`,
          ...summary.results.map(
            (r) =>
              `  ${r.workspaceId} week of ${r.periodStart}: ${r.status}, ${r.recipients} recipients${r.error ? ` — ${r.error}` : ""}`,
          ),
        ].join("\n"),
      };
    }
    case "webhook add": {
      const { createWebhookEndpoint } = await import("../lib/webhooks/endpoints");
      const endpoint = await createWebhookEndpoint(
        await workspaceId(values),
        {
          url: required(values, "url"),
          eventTypes: values.events
            ?.split(",")
            .map((e) => e.trim())
            .filter(Boolean) as never,
          description: values.description,
        },
        { actor: CLI },
      );
      return {
        json: { endpoint: { id: endpoint.id, url: endpoint.url } },
        text: `Added webhook endpoint ${endpoint.id}: ${endpoint.url} (${endpoint.eventTypes.join(", ") || "all events"})`,
      };
    }
    case "webhook list": {
      const { listWebhookEndpoints } = await import("../lib/webhooks/endpoints");
      const list = await listWebhookEndpoints(await workspaceId(values));
      return {
        json: { endpoints: list },
        text: list.length
          ? list
              .map(
                (e) =>
                  `${e.id}  ${e.enabled ? "enabled " : "disabled"}  ${e.url}  (${e.eventTypes.join(", ") || "all events"})${e.disabledReason ? `  — ${e.disabledReason}` : ""}${circuitNote(e.circuit)}`,
              )
              .join("\n")
          : "No webhook endpoints",
      };
    }
    case "webhook remove":
    case "webhook disable":
    case "webhook enable":
    case "webhook test": {
      const endpoints = await import("../lib/webhooks/endpoints");
      const id = required(values, "endpoint-id");
      const row = await db.webhookEndpoint.findUnique({ where: { id }, select: { workspaceId: true } });
      if (!row) throw new Error(`No webhook endpoint ${id}`);
      if (command === "webhook remove") {
        await endpoints.removeWebhookEndpoint(row.workspaceId, id, { actor: CLI });
        return { json: { removed: id }, text: `Removed webhook endpoint ${id}` };
      }
      if (command === "webhook disable") {
        const endpoint = await endpoints.disableWebhookEndpoint(row.workspaceId, id, values.reason, {
          actor: CLI,
        });
        return { json: { endpoint }, text: `Disabled ${id}` };
      }
      if (command === "webhook enable") {
        const endpoint = await endpoints.enableWebhookEndpoint(row.workspaceId, id, { actor: CLI });
        return { json: { endpoint }, text: `Enabled ${id}` };
      }
      const { sendTestWebhookNow } = await import("../lib/webhooks/send-now");
      const delivery = await sendTestWebhookNow(row.workspaceId, id, { actor: CLI });
      const last = delivery.attempts.at(-1);
      return {
        json: { delivery },
        text: `Test event ${delivery.event.id} to ${delivery.endpoint.url}: ${delivery.status}${last ? ` (${last.statusCode ?? "no response"}${last.error ? `: ${last.error}` : ""}, ${last.durationMs} ms)` : ""}`,
      };
    }
    case "webhook deliveries": {
      const { listWebhookDeliveries } = await import("../lib/webhooks/deliveries");
      const { listWebhookDeliveriesQuery } = await import("../lib/webhooks/schema");
      const query = listWebhookDeliveriesQuery.safeParse({
        status: values.status,
        endpointId: values["endpoint-id"],
        limit: values.limit,
      });
      if (!query.success)
        throw new UsageError(
          query.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; "),
        );
      const page = await listWebhookDeliveries(await workspaceId(values), query.data);
      return {
        json: page,
        text: page.data.length
          ? page.data
              .map(
                (d) =>
                  `${d.id}  ${d.status.padEnd(9)} ${d.event.type.padEnd(29)} attempts ${d.attemptCount}  ${d.endpoint.url}${d.lastError ? `  — ${d.lastError}` : ""}${circuitNote(d.endpoint.circuit)}`,
              )
              .join("\n")
          : "No deliveries",
      };
    }
    case "webhook retry": {
      const { retryWebhookDeliveryNow } = await import("../lib/webhooks/send-now");
      const id = required(values, "delivery-id");
      const row = await db.webhookDelivery.findUnique({ where: { id }, select: { workspaceId: true } });
      if (!row) throw new Error(`No webhook delivery ${id}`);
      const delivery = await retryWebhookDeliveryNow(row.workspaceId, id, { actor: CLI });
      return {
        json: { delivery },
        text: `Retried ${id}: ${delivery.status}${delivery.lastError ? ` — ${delivery.lastError}` : ""}`,
      };
    }
    case "webhook rotate-secret": {
      const { rotateSigningSecret } = await import("../lib/domain/workspaces/signing-secrets");
      const { secret, previousExpiresAt } = await rotateSigningSecret(await workspaceId(values), {
        actor: CLI,
      });
      return {
        json: { signingSecret: secret, previousExpiresAt: previousExpiresAt.toISOString() },
        text: `New signing secret: ${secret}\nThe previous one stays valid until ${previousExpiresAt.toISOString()}`,
      };
    }
    case "secrets reencrypt": {
      // Against a deployment's database, only with its key: a key made up here would lock it out.
      if (explicitDatabase && !process.env.ENCRYPTION_KEY?.trim()) {
        throw new Error(
          "ENCRYPTION_KEY is not set: re-encrypting the secrets of DATABASE_URL needs the key its servers use (and the old one in ENCRYPTION_KEY_PREVIOUS after a rotation)",
        );
      }
      const { reencryptSigningSecrets } = await import("../lib/domain/workspaces/signing-secrets");
      const summary = await reencryptSigningSecrets({ actor: CLI });
      const failed = summary.failed.map((f) => `\n  ${f.workspaceId}: ${f.error}`).join("");
      return {
        json: summary,
        text: `Signing secrets under key ${summary.keyId}: ${summary.reencrypted} of ${summary.scanned} re-encrypted (${summary.fromPlaintext} were plaintext) in ${summary.workspaces} workspaces${summary.failed.length ? `; ${summary.failed.length} workspaces left unchanged:${failed}` : ""}`,
        code: summary.failed.length ? 1 : 0,
      };
    }
    case "experiments create": {
      const { createExperiment } = await import("../lib/domain/experiments/experiments");
      const name = required(values, "name");
      const flags = values.variant ?? [];
      if (flags.length < 2) {
        throw new UsageError(
          "give at least 2 --variant KEY=OFFER_ID:WEIGHT (KEY=none:WEIGHT for the holdout)",
        );
      }
      const variants = flags.map(parseVariantFlag);
      const experiment = await createExperiment(
        await workspaceId(values),
        { name, reasonKey: values.reason ?? null, variants },
        { actor: CLI },
      );
      return {
        json: { experiment },
        text: `Created experiment ${experiment.id} (draft)\n${experimentLine(experiment)}`,
      };
    }
    case "experiments list": {
      const { listExperiments } = await import("../lib/domain/experiments/experiments");
      const list = await listExperiments(await workspaceId(values));
      return {
        json: { experiments: list },
        text: list.length ? list.map(experimentLine).join("\n") : "No experiments",
      };
    }
    case "experiments start":
    case "experiments stop":
    case "experiments winner":
    case "experiments delete": {
      const x = await import("../lib/domain/experiments/experiments");
      const { id, workspaceId: wsId } = await experimentWorkspace(values);
      if (command === "experiments delete") {
        await x.deleteExperiment(wsId, id, { actor: CLI });
        return { json: { deleted: id }, text: `Deleted experiment ${id}` };
      }
      let experiment: ExperimentRes;
      if (command === "experiments winner") {
        const keys = values.variant ?? [];
        if (keys.length !== 1) throw new UsageError("--variant KEY is required (once)");
        experiment = await x.declareWinner(wsId, id, keys[0]!, { actor: CLI });
      } else if (command === "experiments start") {
        experiment = await x.startExperiment(wsId, id, { actor: CLI });
      } else {
        experiment = await x.stopExperiment(wsId, id, { actor: CLI });
      }
      const verb = {
        "experiments start": "Started",
        "experiments stop": "Stopped",
        "experiments winner": "Declared the winner of",
      }[command];
      return { json: { experiment }, text: `${verb} ${id}\n${experimentLine(experiment)}` };
    }
    case "experiments results": {
      const { experimentResults } = await import("../lib/domain/experiments/experiments");
      const { id, workspaceId: wsId } = await experimentWorkspace(values);
      const results = await experimentResults(wsId, id);
      return { json: results, text: resultsTable(results) };
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
  explicitDatabase = Boolean(process.env.DATABASE_URL?.trim());
  // The embedded database is a local run's: its secrets are under the key `npm run dev` made.
  if (!explicitDatabase && !process.env.ENCRYPTION_KEY?.trim()) {
    process.env.ENCRYPTION_KEY = localEncryptionKey(path.resolve(import.meta.dirname, ".."));
  }
  const database = await openDefaultDatabase();
  process.env.DATABASE_URL = database.url;
  try {
    const out = await run(command, values);
    console.log(values.json ? JSON.stringify(out.json) : out.text);
    return out.code ?? 0;
  } catch (e) {
    const err = e as Error & { issues?: { path: PropertyKey[]; message: string }[] };
    const message = err.issues
      ? err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")
      : err.message;
    if (values.json) console.log(JSON.stringify({ error: { message } }));
    console.error(e instanceof UsageError ? `${message}\n\n${USAGE}` : `error: ${message}`);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    // Close the pool before the embedded server stops, so its idle connections are not reported lost.
    const { closeDb } = await import("../lib/db");
    await closeDb();
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
