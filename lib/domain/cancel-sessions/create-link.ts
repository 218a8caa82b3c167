import type { AuthedWorkspace } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import { db, Prisma } from "@/lib/db";
import {
  type ComplianceSetting,
  complianceModeFor,
  complianceSettingSchema,
  modeLanguage,
} from "@/lib/domain/compliance/mode";
import { isAllowedReturnUrl, returnOrigin, returnUrlProblem } from "@/lib/domain/workspaces/return-hosts";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale, type Locale, supportedLocaleOf } from "@/lib/i18n/locales";
import { createId } from "@/lib/ids";
import { createUrlToken, hashToken } from "@/lib/tokens";
import type { CancelLinkInput } from "./schema";

export const LINK_TTL_MS = 60 * 60 * 1000;

async function resolveReturnUrl(
  workspace: Pick<AuthedWorkspace, "id" | "defaultReturnUrl">,
  requested: string | undefined,
): Promise<string> {
  // https only in production (returnUrlProblem): the customer and the result token travel there.
  if (requested === undefined) {
    if (!workspace.defaultReturnUrl) {
      throw new ApiError(
        "no_default_return_url",
        "No returnUrl given and the workspace has no default return URL: send returnUrl, or set a default in the dashboard",
      );
    }
    const problem = returnUrlProblem(workspace.defaultReturnUrl);
    if (problem) {
      throw new ApiError(
        "no_default_return_url",
        `No returnUrl given and the workspace's default return URL cannot be used (it ${problem}): send an https returnUrl, or set an https default in the dashboard`,
      );
    }
    return workspace.defaultReturnUrl;
  }
  const problem = returnUrlProblem(requested);
  if (problem) {
    throw new ApiError("invalid_request", `Invalid request body: returnUrl: ${problem}`, {
      issues: [{ path: "returnUrl", message: problem }],
    });
  }
  if (!(await isAllowedReturnUrl(workspace.id, requested))) {
    const allowed = await db.returnHost.findMany({
      where: { workspaceId: workspace.id },
      select: { origin: true },
    });
    throw new ApiError(
      "invalid_request",
      `Invalid request body: returnUrl: ${returnOrigin(requested)} is not on this workspace's return-host allowlist`,
      {
        issues: [{ path: "returnUrl", message: "not on the return-host allowlist" }],
        allowedReturnHosts: allowed.map((h) => h.origin),
      },
    );
  }
  return requested;
}

/**
 * A hosted cancellation session and the one-hour link to it: `CANCEL_URL/s/<token>` with a random
 * 32-byte token (only its hash is stored).
 */
export async function createCancelLink(
  workspace: Pick<AuthedWorkspace, "id" | "defaultReturnUrl" | "defaultLocale" | "complianceMode">,
  input: Omit<CancelLinkInput, "intent"> & { intent?: CancelLinkInput["intent"] },
  now = new Date(),
) {
  const returnUrl = await resolveReturnUrl(workspace, input.returnUrl);
  const token = createUrlToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  const intent = input.intent ?? "cancel";
  const setting: ComplianceSetting = complianceSettingSchema.catch("auto").parse(workspace.complianceMode);
  const { mode, jurisdiction } = complianceModeFor({
    setting,
    country: input.customer?.country,
    region: input.customer?.region,
  });
  // The customer's country chose a national mode: its language, unless the link names one. A
  // forced mode leaves the language to the workspace's default (the merchant chose both).
  const ofMode = setting === "auto" ? modeLanguage(mode) : null;
  const { locale, fromLink } = linkLocale(input.locale, workspace.defaultLocale, ofMode);
  const session = await db.cancelSession.create({
    data: {
      id: createId("cs"),
      workspaceId: workspace.id,
      environment: input.environment,
      tokenHash: hashToken(token), // the database never holds a working link
      userId: input.userId,
      plan: input.context?.plan ?? null,
      mrr: input.context?.mrr == null ? null : new Prisma.Decimal(input.context.mrr),
      tenureDays: input.context?.tenureDays ?? null,
      metadata: input.metadata ?? {},
      eligibleForOffers: input.eligibleForOffers,
      locale,
      localeFromLink: fromLink,
      intent,
      complianceMode: mode,
      jurisdiction,
      customerEmail: input.customer?.email ?? null,
      customerName: input.customer?.name ?? null,
      customerCountry: input.customer?.country ?? null,
      customerRegion: input.customer?.region ?? null,
      subscriptionReference: input.subscription?.reference ?? null,
      subscriptionDescription: input.subscription?.description ?? null,
      subscriptionEndsAt: input.subscription?.endsAt ? new Date(input.subscription.endsAt) : null,
      returnUrl,
      timeline: [
        {
          step: "created",
          at: now.toISOString(),
          data: { mode, jurisdiction, locale, intent },
        },
      ],
      expiresAt,
      createdAt: now,
    },
    select: { id: true, environment: true },
  });
  return {
    url: `${env().CANCEL_URL.replace(/\/+$/, "")}/s/${token}`,
    expires_at: expiresAt.toISOString(),
    environment: session.environment,
    session_id: session.id,
    locale,
    compliance_mode: mode,
  };
}

/**
 * The link's locale as supported (region variants fall back to the language), else the language
 * of the national mode the customer's country chose (DE: German, FR: French), else the
 * workspace's default. `fromLink`: the link fixed the language (its own or its mode's), so the
 * browser does not choose.
 */
function linkLocale(
  requested: string | undefined,
  workspaceDefault: string,
  ofMode: Locale | null,
): { locale: Locale; fromLink: boolean } {
  const given = (requested ? supportedLocaleOf(requested) : null) ?? ofMode;
  if (given) return { locale: given, fromLink: true };
  return { locale: isLocale(workspaceDefault) ? workspaceDefault : DEFAULT_LOCALE, fromLink: false };
}
