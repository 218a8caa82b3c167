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
import {
  addReasonAction,
  addReturnHostAction,
  createOfferAction,
  setDefaultReturnUrlAction,
} from "../actions";

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

const TARGETING = [
  ["minMrr", "Min MRR", "any"],
  ["maxMrr", "Max MRR", "any"],
  ["minTenureDays", "Min tenure (days)", "1"],
  ["maxTenureDays", "Max tenure (days)", "1"],
] as const;

export function AddOfferForm({
  workspaceId,
  reasons,
}: {
  workspaceId: string;
  reasons: { key: string; label: string }[];
}) {
  return (
    <ActionForm
      workspaceId={workspaceId}
      action={createOfferAction}
      resetOnSuccess
      noValidate
      fields={["reasonKey", "type", "label", "terms", "plans", ...TARGETING.map(([name]) => name)]}
      className="mt-4 grid gap-4 sm:grid-cols-2"
    >
      <ActionSelect id="offerReason" name="reasonKey" label="For reason">
        <option value="">Any reason</option>
        {reasons.map((r) => (
          <option key={r.key} value={r.key}>
            {r.label}
          </option>
        ))}
      </ActionSelect>
      <ActionSelect id="offerType" name="type" label="Type">
        <option value="discount">Discount</option>
        <option value="pause">Pause</option>
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
      <div className="sm:col-span-2">
        <ActionTextarea id="offerTerms" name="terms" label="Terms (optional)" rows={2} maxLength={1000} />
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
