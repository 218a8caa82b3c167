"use client";

// The hosted-flow tab's forms. Each keeps what was typed when the server refuses it and shows the
// reason beside the field (components/ui/action-form.tsx); URLs typed without https:// get it.
import {
  ActionField,
  ActionForm,
  ActionSelect,
  ActionTextarea,
  SubmitButton,
} from "@/components/ui/action-form";
import { OFFER_TYPES } from "@/lib/domain/reasons-offers/terms";
import {
  addReasonAction,
  addReturnHostAction,
  createOfferAction,
  setDefaultReturnUrlAction,
  setOfferCooldownAction,
} from "../actions";
import { OFFER_TYPE_LABELS, OfferTermFields, TERMS_ATTR } from "./offer-term-fields";

export function DefaultReturnUrlForm({
  workspaceId,
  value,
  disabled,
}: {
  workspaceId: string;
  value: string;
  disabled: boolean;
}) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={setDefaultReturnUrlAction}
      fields={["defaultReturnUrl"]}
      noValidate
      className="mt-4 flex flex-wrap items-end gap-3"
    >
      <div className="min-w-64 flex-1">
        <ActionField
          id="defaultReturnUrl"
          name="defaultReturnUrl"
          label="Default return URL"
          type="url"
          inputMode="url"
          url
          defaultValue={value}
          placeholder="https://app.example.com/account"
          disabled={disabled}
        />
      </div>
      <SubmitButton variant="secondary" disabled={disabled}>
        Save
      </SubmitButton>
    </ActionForm>
  );
}

export function AddReturnHostForm({ workspaceId }: { workspaceId: string }) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={addReturnHostAction}
      resetOnSuccess
      fields={["url"]}
      noValidate
      className="mt-3 flex flex-wrap items-end gap-3"
    >
      <div className="min-w-64 flex-1">
        <ActionField
          id="returnHostUrl"
          name="url"
          label="Add a host (any URL on it)"
          type="url"
          inputMode="url"
          url
          placeholder="https://app.example.com"
          required
        />
      </div>
      <SubmitButton variant="secondary">Add host</SubmitButton>
    </ActionForm>
  );
}

export function AddReasonForm({ workspaceId }: { workspaceId: string }) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={addReasonAction}
      resetOnSuccess
      fields={["key", "label"]}
      noValidate
      className="mt-3 flex flex-wrap items-start gap-3"
    >
      <div className="w-56">
        <ActionField
          id="newReasonKey"
          name="key"
          label="Key"
          hint="lowercase letters, digits and _ (what the API and webhooks send)"
          placeholder="too_slow"
          pattern="[a-z0-9_]+"
          maxLength={100}
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      </div>
      <div className="min-w-48 flex-1">
        <ActionField
          id="newReasonLabel"
          name="label"
          label="Label customers see"
          placeholder="It's too slow"
          maxLength={120}
          required
        />
      </div>
      <div className="pt-7">
        <SubmitButton variant="secondary">Add reason</SubmitButton>
      </div>
    </ActionForm>
  );
}

/** The term fields of every type: their errors show beside them. */
export const TERM_FIELDS = [
  "percentOff",
  "amountOff",
  "currency",
  "durationMonths",
  "maxMonths",
  "toPlan",
  "priceLabel",
  "days",
];

const TARGETING = [
  ["minMrr", "Min MRR", "any"],
  ["maxMrr", "Max MRR", "any"],
  ["minTenureDays", "Min tenure (days)", "1"],
  ["maxTenureDays", "Max tenure (days)", "1"],
] as const;

export function AddOfferForm({
  workspaceId,
  reasons,
  currency,
}: {
  workspaceId: string;
  reasons: { key: string; label: string }[];
  currency: string;
}) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={createOfferAction}
      resetOnSuccess
      noValidate
      fields={[
        "reasonKey",
        "type",
        "label",
        "termsText",
        ...TERM_FIELDS,
        "plans",
        ...TARGETING.map(([name]) => name),
      ]}
      aria-label="Add an offer"
      className="group/offer mt-4 grid gap-4 sm:grid-cols-2"
    >
      <ActionSelect id="offerReason" name="reasonKey" label="For reason">
        <option value="">Any reason</option>
        {reasons.map((r) => (
          <option key={r.key} value={r.key}>
            {r.label}
          </option>
        ))}
      </ActionSelect>
      <ActionSelect id="offerType" name="type" label="Type" hint="Its terms follow below">
        {OFFER_TYPES.map((t) => (
          <option key={t} value={t} data-terms={TERMS_ATTR[t]}>
            {OFFER_TYPE_LABELS[t]}
          </option>
        ))}
      </ActionSelect>
      <div className="sm:col-span-2">
        <ActionField
          id="offerLabel"
          name="label"
          label="Headline customers see"
          placeholder="30% off for 3 months"
          required
          maxLength={200}
        />
      </div>
      <OfferTermFields idPrefix="newOffer" types={OFFER_TYPES} currency={currency} chooser />
      <div className="sm:col-span-2">
        <ActionTextarea
          id="offerTermsText"
          name="termsText"
          label="Small print (optional)"
          hint="Shown under the headline"
          rows={2}
          maxLength={1000}
        />
      </div>
      <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-4">
        <legend className="mb-1 text-sm font-medium text-slate-900">
          Targeting (optional: empty means everyone)
        </legend>
        <div className="sm:col-span-4">
          <ActionField
            id="offerPlans"
            name="plans"
            label="Plans (comma-separated, as sent in context.plan)"
            placeholder="pro, business"
          />
        </div>
        {TARGETING.map(([name, label, step]) => (
          <ActionField
            key={name}
            id={`offer-${name}`}
            name={name}
            label={label}
            type="number"
            inputMode="decimal"
            min={0}
            step={step}
          />
        ))}
      </fieldset>
      <div className="sm:col-span-2">
        <SubmitButton variant="secondary">Add offer</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function OfferCooldownForm({
  workspaceId,
  days,
  disabled,
}: {
  workspaceId: string;
  days: number;
  disabled: boolean;
}) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={setOfferCooldownAction}
      fields={["offerCooldownDays"]}
      noValidate
      className="mt-3 flex flex-wrap items-start gap-3"
    >
      <div className="w-72">
        <ActionField
          id="offerCooldownDays"
          name="offerCooldownDays"
          label="Offer cooldown (days)"
          hint="0–365; 0 turns the cooldown off"
          type="number"
          inputMode="numeric"
          min={0}
          max={365}
          step={1}
          defaultValue={days}
          disabled={disabled}
        />
      </div>
      <div className="pt-7">
        <SubmitButton variant="secondary" disabled={disabled}>
          Save cooldown
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
