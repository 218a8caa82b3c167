"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { updateGeneralAction } from "@/app/dashboard/settings/general-actions";
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
import { FlowPreview } from "./flow-preview";

const HEX = /^#[0-9a-fA-F]{6}$/;
// The browser checks what it can before posting; the server checks everything again.
const clientCheck = generalSettingsInput.omit({ timezone: true });

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
  reasons,
  cancelHost,
}: {
  workspaceId: string;
  canEdit: boolean;
  initial: GeneralSettings;
  zones: string[];
  reasons: string[];
  cancelHost: string;
}) {
  const [state, formAction] = useActionState(updateGeneralAction, null);
  const [name, setName] = useState(initial.name);
  const [accent, setAccent] = useState(initial.brandAccentColor);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [logo, setLogo] = useState<string | null>(initial.brandLogoUrl);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const fileInput = useRef<HTMLInputElement>(null);

  // A saved upload is now the workspace's logo: don't send the file again with the next save.
  useEffect(() => {
    if (state?.ok && fileInput.current) fileInput.current.value = "";
  }, [state]);

  const serverErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
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
          if (Object.keys(errors).length) e.preventDefault();
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

          <Field
            id="ws-logo"
            label="Logo"
            error={errorOf("logo")}
            hint={`PNG, JPEG, SVG or WebP, up to ${MAX_LOGO_BYTES / 1024} KB. Shown square, at 32 × 32 px.`}
          >
            <div className="flex flex-wrap items-center gap-3">
              <span className="flex h-12 w-12 shrink-0 items-center justify-center rounded-lg border border-slate-200 bg-slate-50">
                {logo ? (
                  // biome-ignore lint/performance/noImgElement: a data: URL thumbnail
                  <img src={logo} alt="Current logo" className="h-10 w-10 object-contain" />
                ) : (
                  <span className="text-xs text-slate-500">None</span>
                )}
              </span>
              <input
                {...describedBy("ws-logo", errorOf("logo"), true)}
                ref={fileInput}
                type="file"
                name="logo"
                accept={LOGO_TYPES.join(",")}
                onChange={(e) => onLogoChosen(e.target.files?.[0])}
                className="min-w-0 flex-1 text-sm text-slate-700 file:mr-3 file:h-9 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:text-sm file:font-medium file:text-slate-900 hover:file:bg-slate-50"
              />
              {logo && canEdit ? (
                <Button
                  variant="ghost"
                  size="sm"
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
          </Field>

          <Field
            id="ws-accent"
            label="Accent colour"
            error={errorOf("accentColor")}
            hint="Buttons, the progress bar and the selected answer. Text on it turns dark or light to stay readable."
          >
            <div className="flex items-center gap-2">
              <input
                type="color"
                aria-label="Pick the accent colour"
                value={previewAccent}
                onChange={(e) => setAccent(e.target.value)}
                className="h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
              />
              <Input
                {...describedBy("ws-accent", errorOf("accentColor"), true)}
                name="accentColor"
                value={accent}
                onChange={(e) => setAccent(e.target.value.trim())}
                maxLength={7}
                spellCheck={false}
                className="w-32 font-mono"
                required
              />
            </div>
          </Field>

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
              className="max-w-sm"
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll("_", " ")}
                </option>
              ))}
            </Select>
          </Field>
        </fieldset>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-3">
            <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
          </div>
        ) : null}
        <FormMessage state={state} />
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
