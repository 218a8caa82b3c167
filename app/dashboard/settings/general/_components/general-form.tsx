"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { SubmitButton } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { describedBy, Field, FormMessage, Input, Select } from "@/components/ui/field";
import {
  generalSettingsInput,
  LOGO_TYPES,
  logoFileProblem,
  MAX_LOGO_BYTES,
} from "@/lib/domain/workspaces/general-schema";
import type { GeneralSettings } from "@/lib/domain/workspaces/general-settings";
import { updateGeneralAction } from "../actions";
import { FlowPreview } from "./flow-preview";

const HEX = /^#[0-9a-fA-F]{6}$/;
// The browser checks what it can before posting; the server checks everything again.
const clientCheck = generalSettingsInput.omit({ timezone: true, currency: true });

const currencyNames = new Intl.DisplayNames(["en"], { type: "currency" });
/** "EUR · Euro" */
const currencyName = (code: string) => {
  const name = currencyNames.of(code);
  return name && name !== code ? `${code} · ${name}` : code;
};

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function GeneralForm({
  workspaceId,
  canEdit,
  initial,
  zones,
  currencies,
  reasons,
  cancelHost,
}: {
  workspaceId: string;
  canEdit: boolean;
  initial: GeneralSettings;
  zones: string[];
  currencies: string[];
  reasons: string[];
  cancelHost: string;
}) {
  const [state, formAction] = useActionState(updateGeneralAction, null);
  const [name, setName] = useState(initial.name);
  const [accent, setAccent] = useState(initial.brandAccentColor);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [currency, setCurrency] = useState(initial.currency);
  const [logo, setLogo] = useState<string | null>(initial.brandLogoUrl);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  // A result belongs to the submission that produced it; a newer one stopped in the browser hides it.
  const [showResult, setShowResult] = useState(true);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!state) return;
    // React clears file inputs after an action; the preview follows. A saved upload is the logo now,
    // a refused one is gone.
    if (!state.ok && state.fieldErrors?.logo) setLogo(initial.brandLogoUrl);
    if (fileInput.current) fileInput.current.value = "";
  }, [state, initial.brandLogoUrl]);

  const serverErrors = showResult && state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const errorOf = (k: string) => clientErrors[k] ?? serverErrors[k];
  const previewAccent = HEX.test(accent) ? accent.toLowerCase() : initial.brandAccentColor;

  async function onLogoChosen(file: File | undefined) {
    setClientErrors(({ logo: _, ...rest }) => rest);
    if (!file) return;
    const problem = logoFileProblem(file);
    if (problem) {
      setClientErrors((e) => ({ ...e, logo: problem }));
      if (fileInput.current) fileInput.current.value = "";
      return;
    }
    setLogo(await readAsDataUrl(file));
    setRemoveLogo(false);
  }

  const thumbnail = (
    <span className="flex h-14 w-14 shrink-0 items-center justify-center rounded-lg border border-slate-200 bg-slate-50">
      {logo ? (
        // biome-ignore lint/performance/noImgElement: a data: URL thumbnail
        <img src={logo} alt="Current logo" className="h-10 w-10 object-contain" />
      ) : (
        <span className="text-xs text-slate-500">None</span>
      )}
    </span>
  );

  return (
    <div className="mt-6 grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
      <form
        action={formAction}
        noValidate
        onSubmit={(e) => {
          const parsed = clientCheck.safeParse({ name, accentColor: accent });
          const errors: Record<string, string> = {};
          if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
          if (clientErrors.logo) errors.logo = clientErrors.logo;
          setClientErrors(errors);
          const valid = Object.keys(errors).length === 0;
          setShowResult(valid);
          if (!valid) e.preventDefault();
        }}
        className="space-y-5"
      >
        <input type="hidden" name="workspaceId" value={workspaceId} />
        <input type="hidden" name="removeLogo" value={removeLogo ? "true" : "false"} />
        <fieldset disabled={!canEdit} className="space-y-5">
          <legend className="sr-only">Workspace settings</legend>
          <Field id="ws-name" label="Workspace name" error={errorOf("name")} hint="Shown to customers.">
            <Input
              {...describedBy("ws-name", errorOf("name"), true)}
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={80}
              autoComplete="organization"
              required
            />
          </Field>

          {canEdit ? (
            <Field
              id="ws-logo"
              label="Logo"
              error={errorOf("logo")}
              hint={`PNG, JPEG, SVG or WebP, up to ${MAX_LOGO_BYTES / 1024} KB. Shown square, at 32 × 32 px.`}
            >
              <div className="flex items-center gap-3">
                {thumbnail}
                <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-2">
                  <input
                    {...describedBy("ws-logo", errorOf("logo"), true)}
                    ref={fileInput}
                    type="file"
                    name="logo"
                    accept={LOGO_TYPES.join(",")}
                    onChange={(e) => onLogoChosen(e.target.files?.[0])}
                    className="block w-full max-w-xs min-w-0 text-sm text-slate-600 file:mr-3 file:h-9 file:cursor-pointer file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:text-sm file:font-medium file:text-slate-900 hover:file:bg-slate-50"
                  />
                  {logo ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      className="-ml-3"
                      onClick={() => {
                        setLogo(null);
                        setRemoveLogo(true);
                        setClientErrors(({ logo: _, ...rest }) => rest);
                        if (fileInput.current) fileInput.current.value = "";
                      }}
                    >
                      Remove logo
                    </Button>
                  ) : null}
                </div>
              </div>
            </Field>
          ) : (
            <div>
              <p className="text-sm font-medium text-slate-900">Logo</p>
              <div className="mt-1.5">{thumbnail}</div>
            </div>
          )}

          <Field
            id="ws-accent"
            label="Accent colour"
            error={errorOf("accentColor")}
            hint="Buttons, the progress bar and the selected answer. Text on it turns dark or light to stay readable."
          >
            <div className="flex items-center gap-2">
              {canEdit ? (
                <input
                  type="color"
                  aria-label="Pick the accent colour"
                  value={previewAccent}
                  onChange={(e) => setAccent(e.target.value)}
                  className="h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
                />
              ) : (
                <span
                  aria-hidden="true"
                  className="h-10 w-10 shrink-0 rounded-lg border border-slate-300"
                  style={{ backgroundColor: previewAccent }}
                />
              )}
              <div className="w-36">
                <Input
                  {...describedBy("ws-accent", errorOf("accentColor"), true)}
                  name="accentColor"
                  value={accent}
                  onChange={(e) => setAccent(e.target.value.trim())}
                  maxLength={7}
                  spellCheck={false}
                  className="font-mono"
                  required
                />
              </div>
            </div>
          </Field>

          <div className="max-w-sm">
            <Field
              id="ws-timezone"
              label="Time zone"
              error={errorOf("timezone")}
              hint="Dates in settings, and the weeks of the weekly report, follow this zone."
            >
              <Select
                {...describedBy("ws-timezone", errorOf("timezone"), true)}
                name="timezone"
                value={timezone}
                onChange={(e) => setTimezone(e.target.value)}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replaceAll("_", " ")}
                  </option>
                ))}
              </Select>
            </Field>
          </div>

          <div className="max-w-sm">
            <Field
              id="ws-currency"
              label="Currency"
              error={errorOf("currency")}
              hint="The MRR you send is shown in this currency in the dashboard, exports and reports."
            >
              <Select
                {...describedBy("ws-currency", errorOf("currency"), true)}
                name="currency"
                value={currency}
                onChange={(e) => setCurrency(e.target.value)}
              >
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {currencyName(c)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </fieldset>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-3">
            <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
          </div>
        ) : null}
        {showResult ? <FormMessage state={state} /> : null}
      </form>

      <div className="lg:sticky lg:top-6 lg:self-start">
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Live preview</h3>
        <FlowPreview
          name={name}
          logoUrl={logo}
          accentColor={previewAccent}
          reasons={reasons.length ? reasons : ["It's too expensive", "I'm not using it enough"]}
          host={cancelHost}
        />
      </div>
    </div>
  );
}
