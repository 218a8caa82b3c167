"use client";

// The create form: name, scope, and 2–6 variant rows (key, offer or holdout, weight). Four rows are
// rendered on the server, so the form works before JavaScript; with it, rows can be added up to six
// and removed down to two. Rows left empty are ignored; a refused form keeps what was typed, each
// error beside its field (components/ui/action-form.tsx).
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { OFFER_TYPE_LABELS } from "@/components/dashboard/experiments/types";
import { ActionField, ActionForm, ActionSelect, SubmitButton } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { createExperimentAction } from "../actions";
import { HOLDOUT, variantField } from "../fields";

const MIN_ROWS = 2;
const MAX_ROWS = 6;
const FIRST_ROWS = 4;

type OfferOption = { id: string; type: string; label: string; enabled: boolean };

export function ExperimentForm({
  workspaceId,
  reasons,
  offers,
}: {
  workspaceId: string;
  reasons: { key: string; label: string }[];
  offers: OfferOption[];
}) {
  // Stable ids, so removing a row keeps the others' typed values with them.
  const [rows, setRows] = useState(() => Array.from({ length: FIRST_ROWS }, (_, i) => i));
  const nextId = useRef(FIRST_ROWS);
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);

  const fields = [
    "name",
    "reasonKey",
    ...Array.from({ length: MAX_ROWS }, (_, i) => [
      variantField(i, "key"),
      variantField(i, "offerId"),
      variantField(i, "weight"),
    ]).flat(),
  ];

  return (
    <ActionForm
      workspaceId={workspaceId}
      action={createExperimentAction}
      fields={fields}
      noValidate
      aria-label="New experiment"
      className="space-y-5"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <ActionField
          id="experimentName"
          name="name"
          label="Name"
          placeholder="Pause vs discount"
          maxLength={120}
          required
        />
        <ActionSelect
          id="experimentScope"
          name="reasonKey"
          label="Scope"
          hint="Sessions with this reason take part; the rest see offers as usual."
        >
          <option value="">All reasons</option>
          {reasons.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </ActionSelect>
      </div>

      <fieldset>
        <legend className="text-body font-medium text-ink">Variants</legend>
        <p className="mt-0.5 text-caption text-ink-subtle">
          2 to 6 variants. Each customer lands in one by weight (the same one on every link); a holdout sees
          no offer, so the others&apos; lift can be measured. Empty rows are ignored.
        </p>
        <ol className="mt-3 space-y-3">
          {rows.map((id, i) => (
            <li key={id} className="rounded-lg border border-line bg-surface-muted p-3">
              <fieldset className="grid items-start gap-3 sm:grid-cols-[minmax(0,11rem)_minmax(0,1fr)_6rem_auto]">
                <legend className="sr-only">Variant {i + 1}</legend>
                <ActionField
                  id={`variant-${id}-key`}
                  name={variantField(i, "key")}
                  label={`Variant ${i + 1} key`}
                  defaultValue={id === 0 ? "holdout" : ""}
                  placeholder={id === 0 ? "holdout" : `offer_${String.fromCharCode(96 + id)}`}
                  maxLength={40}
                  autoCapitalize="none"
                  spellCheck={false}
                />
                <ActionSelect
                  id={`variant-${id}-offer`}
                  name={variantField(i, "offerId")}
                  label={
                    <>
                      Offer<span className="sr-only"> of variant {i + 1}</span>
                    </>
                  }
                  defaultValue={id === 0 ? HOLDOUT : ""}
                >
                  <option value="">Choose…</option>
                  <option value={HOLDOUT}>No offer (holdout)</option>
                  {offers.map((o) => (
                    <option key={o.id} value={o.id}>
                      {OFFER_TYPE_LABELS[o.type] ?? o.type}: {o.label}
                      {o.enabled ? "" : " (disabled)"}
                    </option>
                  ))}
                </ActionSelect>
                <ActionField
                  id={`variant-${id}-weight`}
                  name={variantField(i, "weight")}
                  label={
                    <>
                      Weight<span className="sr-only"> of variant {i + 1}</span>
                    </>
                  }
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={100}
                  step={1}
                  defaultValue="1"
                />
                {interactive && rows.length > MIN_ROWS ? (
                  <div className="sm:pt-7">
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove variant ${i + 1}`}
                      onClick={() => setRows((r) => r.filter((x) => x !== id))}
                    >
                      Remove
                    </Button>
                  </div>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ol>
        {interactive && rows.length < MAX_ROWS ? (
          <Button
            variant="secondary"
            size="sm"
            className="mt-3"
            onClick={() => {
              const id = nextId.current++;
              flushSync(() => setRows((r) => [...r, id]));
              // The new row's key, so keyboard and screen-reader users land in it.
              document.getElementById(`variant-${id}-key`)?.focus();
            }}
          >
            Add variant
          </Button>
        ) : null}
      </fieldset>

      <SubmitButton pendingLabel="Creating…">Create experiment</SubmitButton>
    </ActionForm>
  );
}
