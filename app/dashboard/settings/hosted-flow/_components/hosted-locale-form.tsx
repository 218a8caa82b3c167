"use client";

// The hosted flow's default language and its compliance mode: one form, each refusal beside its
// field (a select, and a radio group with one line on what each choice does).
import { ActionForm, ActionSelect, SubmitButton, useFieldError } from "@/components/ui/action-form";
import { COMPLIANCE_MODES, type ComplianceSetting } from "@/lib/domain/compliance/mode";
import { LOCALE_NAMES, type Locale, SUPPORTED_LOCALES } from "@/lib/i18n/locales";
import { setHostedLocaleAction } from "../actions";
import { COMPLIANCE_SETTING_HELP, COMPLIANCE_SETTING_LABELS } from "../compliance-labels";
import { languageInEnglish } from "./language-names";

const SETTINGS: ComplianceSetting[] = ["auto", ...COMPLIANCE_MODES];

export function HostedLocaleForm({
  workspaceId,
  defaultLocale,
  complianceMode,
  disabled,
}: {
  workspaceId: string;
  defaultLocale: Locale;
  complianceMode: ComplianceSetting;
  disabled: boolean;
}) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={setHostedLocaleAction}
      fields={["defaultLocale", "complianceMode"]}
      noValidate
      aria-label="Language and compliance"
      className="mt-4 space-y-5"
    >
      <div className="max-w-md">
        <ActionSelect
          id="defaultLocale"
          name="defaultLocale"
          label="Default language"
          hint="For links without a locale, when the browser's language is not one we speak. Reason and offer texts are written in it."
          defaultValue={defaultLocale}
          disabled={disabled}
        >
          {SUPPORTED_LOCALES.map((l) => (
            <option key={l} value={l}>
              {l === "en" ? LOCALE_NAMES[l] : `${LOCALE_NAMES[l]} (${languageInEnglish(l)})`}
            </option>
          ))}
        </ActionSelect>
      </div>
      <ComplianceModeField value={complianceMode} disabled={disabled} />
      <SubmitButton variant="secondary" disabled={disabled} pendingLabel="Saving…">
        Save language and compliance
      </SubmitButton>
    </ActionForm>
  );
}

function ComplianceModeField({ value, disabled }: { value: ComplianceSetting; disabled: boolean }) {
  const error = useFieldError("complianceMode");
  const errorId = "complianceMode-error";
  return (
    <fieldset aria-describedby={error ? errorId : "complianceMode-hint"}>
      <legend className="text-body font-medium text-ink">Compliance mode</legend>
      <p id="complianceMode-hint" className="mt-1 text-caption text-ink-subtle">
        Fixed for each cancel link when it is created. A forced mode applies to every customer, wherever they
        are.
      </p>
      <div className="mt-2 space-y-2">
        {SETTINGS.map((s) => (
          <label
            key={s}
            className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 px-3 py-2 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
          >
            <input
              type="radio"
              name="complianceMode"
              value={s}
              defaultChecked={s === value}
              disabled={disabled}
              aria-invalid={error ? true : undefined}
              aria-describedby={`complianceMode-${s}-help`}
              className="mt-1 accent-brand-600"
            />
            <span>
              <span className="block text-sm font-medium text-slate-900">
                {s === "auto"
                  ? "Auto: by the customer's country and region (recommended)"
                  : COMPLIANCE_SETTING_LABELS[s]}
              </span>
              <span id={`complianceMode-${s}-help`} className="block text-xs text-slate-600">
                {COMPLIANCE_SETTING_HELP[s]}
              </span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="mt-1.5 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
