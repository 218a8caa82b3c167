import { localizedReasonLabel } from "@/lib/domain/reasons-offers/translations";
import type { Locale } from "@/lib/i18n/locales";

type Props = {
  reasons: { key: string; label: string; translations?: unknown }[];
  locale: Locale;
  /** The workspace's default language: a reason's own label is its text (see translations.ts). */
  defaultLocale: string;
  required?: boolean;
  checkedKey?: string | null;
};

/** The reasons as radio cards (`reasonKey`), in the page's language: the reason page and the survey. */
export function ReasonOptions({ reasons, locale, defaultLocale, required = false, checkedKey }: Props) {
  return (
    <div className="mt-3 space-y-2">
      {reasons.map((r) => (
        <label
          key={r.key}
          className="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 px-4 py-3 hover:border-slate-300 has-[:checked]:border-[var(--accent)] has-[:checked]:ring-1 has-[:checked]:ring-[var(--accent)]"
        >
          <input
            type="radio"
            name="reasonKey"
            value={r.key}
            required={required}
            defaultChecked={checkedKey === r.key}
            className="h-4 w-4 accent-[var(--accent)]"
          />
          <span className="text-slate-900">{localizedReasonLabel(r, locale, defaultLocale)}</span>
        </label>
      ))}
    </div>
  );
}
