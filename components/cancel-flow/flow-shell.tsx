import type { ReactNode } from "react";
import type { Branding } from "@/lib/domain/cancel-sessions/flow";
import type { Translator } from "@/lib/i18n/translator";
import { readableOn } from "./accent";

const STEPS = ["reason", "options", "confirm"] as const;

/** The hosted flow's frame: the merchant's branding, where the customer is, and calm reassurance. */
export function FlowShell({
  branding,
  nonce,
  t,
  step,
  note,
  children,
}: {
  branding: Branding;
  nonce: string | undefined;
  /** The page's translator (its language). */
  t: Translator;
  /** 1–3 for the steps; omitted on pages outside the reason → offer → confirm sequence. */
  step?: 1 | 2 | 3;
  /**
   * The footer's reassurance, which must fit the page: before the confirmation, that nothing
   * changes yet (the default on steps); after it, that the answer reached the merchant.
   */
  note?: string | null;
  children: ReactNode;
}) {
  const reassurance = note === undefined ? (step ? t("hosted.shell.beforeConfirm") : null) : note;
  // The accent is validated #rrggbb (lib/domain/cancel-sessions/flow.ts), so it is safe in CSS.
  const css = `:root{--accent:${branding.accentColor};--accent-fg:${readableOn(branding.accentColor)}}`;
  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <style nonce={nonce}>{css}</style>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-xl items-center gap-3 px-4 py-4">
          {branding.logoUrl ? (
            // biome-ignore lint/performance/noImgElement: inline data URLs and same-origin logos only
            <img src={branding.logoUrl} alt="" className="h-8 w-8 rounded-md object-contain" />
          ) : (
            <span
              aria-hidden="true"
              className="flex h-8 w-8 items-center justify-center rounded-md bg-[var(--accent)] text-sm font-semibold text-[var(--accent-fg)]"
            >
              {branding.name.trim().charAt(0).toUpperCase() || "?"}
            </span>
          )}
          <span className="font-semibold text-slate-900">{branding.name}</span>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-xl flex-1 px-4 py-8 sm:py-12">
        {step ? (
          <nav aria-label={t("hosted.shell.progressLabel")} className="mb-6">
            <p className="text-sm text-slate-600">
              {t("hosted.shell.progress", {
                step,
                total: STEPS.length,
                name: t(`hosted.shell.steps.${STEPS[step - 1] ?? "reason"}`),
              })}
            </p>
            <ol className="mt-2 grid grid-cols-3 gap-2" aria-hidden="true">
              {STEPS.map((name, i) => (
                <li
                  key={name}
                  className={`h-1.5 rounded-full ${i < step ? "bg-[var(--accent)]" : "bg-slate-200"}`}
                />
              ))}
            </ol>
          </nav>
        ) : null}
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
        <p className="mt-6 text-center text-xs text-slate-500">
          {reassurance ? `${reassurance} ` : null}
          {t("hosted.shell.secured")}
        </p>
      </main>
    </div>
  );
}

/** Why the customer is back on this step (a post out of the flow's order). Polite: not an error. */
export function FlowNotice({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} role="status" className="mt-4 rounded-lg bg-slate-100 px-4 py-3 text-sm text-slate-800">
      {children}
    </p>
  );
}

/** One labelled fact of the contract or the receipt. */
export type FactLine = { key: string; label: string; value: string };

/** Facts as a definition list (the contract recap, the receipt). */
export function FactList({ lines, label }: { lines: FactLine[]; label?: string }) {
  return (
    <dl aria-label={label} className="mt-6 divide-y divide-slate-200 rounded-lg bg-slate-50 px-4 text-sm">
      {lines.map((l) => (
        <div key={l.key} className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:gap-4">
          <dt className="text-slate-600 sm:w-44 sm:shrink-0">{l.label}</dt>
          <dd className="font-medium break-words text-slate-900">{l.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export const accentButton =
  "inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-[var(--accent)] px-5 text-base font-medium text-[var(--accent-fg)] shadow-sm hover:brightness-95 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--accent)] sm:w-auto";

export const plainButton =
  "inline-flex min-h-11 w-full items-center justify-center rounded-lg border border-slate-300 bg-white px-5 text-base font-medium text-slate-900 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--accent)] sm:w-auto";

export const backLink =
  "text-sm font-medium text-slate-700 underline underline-offset-4 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--accent)]";
