import type { ReactNode } from "react";
import type { Branding } from "@/lib/domain/cancel-sessions/flow";
import { readableOn } from "./accent";

const STEPS = ["Reason", "Options", "Confirm"] as const;

/** The hosted flow's frame: the merchant's branding, where the customer is, and calm reassurance. */
export function FlowShell({
  branding,
  nonce,
  step,
  note,
  children,
}: {
  branding: Branding;
  nonce: string | undefined;
  /** 1–3 for the steps; omitted on the result page. */
  step?: 1 | 2 | 3;
  /**
   * The footer's reassurance, which must fit the page: before the confirmation, that nothing
   * changes yet (the default on steps); after it, that the answer reached the merchant.
   */
  note?: string;
  children: ReactNode;
}) {
  const reassurance = note ?? (step ? "Nothing changes on your subscription until you confirm." : null);
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
          <nav aria-label="Progress" className="mb-6">
            <p className="text-sm text-slate-600">
              Step {step} of {STEPS.length}: {STEPS[step - 1]}
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
          {reassurance ? `${reassurance} ` : null}Secured by RetentBase.
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

export const accentButton =
  "inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-[var(--accent)] px-5 text-base font-medium text-[var(--accent-fg)] shadow-sm hover:brightness-95 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--accent)] sm:w-auto";

export const plainButton =
  "inline-flex min-h-11 w-full items-center justify-center rounded-lg border border-slate-300 bg-white px-5 text-base font-medium text-slate-900 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--accent)] sm:w-auto";

export const backLink =
  "text-sm font-medium text-slate-700 underline underline-offset-4 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--accent)]";
