"use client";

import { useActionState, useEffect, useState } from "react";
import { SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/field";
import { withHttps } from "@/lib/dashboard/url-input";
import { webhookEndpointForm } from "@/lib/webhooks/form-schema";
import { createWebhookEndpointAction, sendTestWebhookAction } from "../actions";

export function AddEndpointForm({
  workspaceId,
  eventTypes,
}: {
  workspaceId: string;
  eventTypes: { id: string; description: string }[];
}) {
  const [state, formAction] = useActionState(createWebhookEndpointAction, null);
  // Controlled: React resets a form after its action runs, and a refused URL must stay to be fixed.
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [selected, setSelected] = useState<string[]>(eventTypes.map((t) => t.id));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [showResult, setShowResult] = useState(true);
  useEffect(() => {
    if (state?.ok) {
      setUrl("");
      setDescription("");
      setSelected(eventTypes.map((t) => t.id));
    }
  }, [state, eventTypes]);
  const serverErrors = showResult && state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const errorOf = (k: string) => clientErrors[k] ?? serverErrors[k];
  // Errors a field shows are not repeated below the form.
  const inline = Object.keys(serverErrors).some((k) => k === "url" || k === "eventTypes");

  return (
    <form
      action={formAction}
      noValidate
      className="mt-3 max-w-2xl space-y-4"
      onSubmit={(e) => {
        // As the server reads it: typed without a scheme, it is https.
        const parsed = webhookEndpointForm.safeParse({
          url: withHttps(url),
          eventTypes: selected,
          description,
        });
        const errors: Record<string, string> = {};
        if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
        setClientErrors(errors);
        setShowResult(parsed.success);
        if (!parsed.success) e.preventDefault();
      }}
    >
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <Field
        id="webhook-url"
        label="Endpoint URL"
        error={errorOf("url")}
        hint="HTTPS, on a public address. We check it now and again before every delivery."
      >
        <Input
          {...describedBy("webhook-url", errorOf("url"), true)}
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://example.com/webhooks/retentbase"
          maxLength={2048}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          onBlur={() => setUrl(withHttps(url))}
          required
        />
      </Field>
      <fieldset aria-describedby={errorOf("eventTypes") ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-900">Events to send</legend>
        <div className="mt-2 space-y-2">
          {eventTypes.map((t) => (
            <label key={t.id} className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name="eventTypes"
                value={t.id}
                checked={selected.includes(t.id)}
                onChange={(e) =>
                  setSelected((s) => (e.target.checked ? [...s, t.id] : s.filter((x) => x !== t.id)))
                }
                className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-brand-600"
              />
              <span>
                <code className="text-slate-900">{t.id}</code>
                <span className="block text-xs text-slate-600">{t.description}</span>
              </span>
            </label>
          ))}
        </div>
        {errorOf("eventTypes") ? (
          <p id="webhook-events-error" className="mt-1.5 text-xs font-medium text-red-700">
            {errorOf("eventTypes")}
          </p>
        ) : null}
      </fieldset>
      <Field id="webhook-description" label="Description (optional)" error={errorOf("description")}>
        <Input
          {...describedBy("webhook-description", errorOf("description"))}
          name="description"
          placeholder="Production billing service"
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
      <SubmitButton pendingLabel="Checking…">Add endpoint</SubmitButton>
      {showResult && !inline ? <FormMessage state={state} /> : null}
    </form>
  );
}

/** "Send test event": sends webhook.test now and shows what the endpoint answered. */
export function SendTestEvent({
  workspaceId,
  endpointId,
  enabled,
}: {
  workspaceId: string;
  endpointId: string;
  enabled: boolean;
}) {
  const [state, formAction] = useActionState(sendTestWebhookAction, null);
  const result = state?.ok ? state.data : undefined;
  return (
    <>
      <form action={formAction}>
        <input type="hidden" name="workspaceId" value={workspaceId} />
        <input type="hidden" name="endpointId" value={endpointId} />
        <SubmitButton
          variant="secondary"
          size="sm"
          pendingLabel="Sending…"
          disabled={!enabled}
          title={enabled ? undefined : "Enable the endpoint to send a test event"}
        >
          Send test event
        </SubmitButton>
      </form>
      {state ? (
        <div className="order-last basis-full" data-testid="webhook-test-result">
          {result ? (
            <div
              role="status"
              className={
                result.status === "succeeded"
                  ? "rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
                  : "rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900"
              }
            >
              <p className="flex flex-wrap items-center gap-2">
                <Badge tone={result.status === "succeeded" ? "success" : "danger"}>
                  {result.status === "succeeded" ? "Delivered" : "Not delivered"}
                </Badge>
                <span>{state.message}</span>
              </p>
              {result.responseExcerpt ? (
                <pre className="mt-2 max-h-32 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-[11px] whitespace-pre-wrap break-all text-slate-800">
                  {result.responseExcerpt.slice(0, 1000)}
                </pre>
              ) : null}
            </div>
          ) : (
            <FormMessage state={state} />
          )}
        </div>
      ) : null}
    </>
  );
}
