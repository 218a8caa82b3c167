"use client";

// The term fields of each offer type, one fieldset per type. The add form renders all four and
// shows the chosen type's with CSS alone (`:has()` on the Type select), so it works before — and
// without — JavaScript; the server reads only the chosen type's fields (offer-form.ts).
import type { ReactNode } from "react";
import { ActionField } from "@/components/ui/action-form";
import type {
  DiscountTerms,
  ExtensionTerms,
  OfferKind,
  PauseTerms,
  PlanChangeTerms,
} from "@/lib/domain/reasons-offers/terms";

export const OFFER_TYPE_LABELS: Record<OfferKind, string> = {
  discount: "Discount",
  pause: "Pause",
  plan_change: "Plan change",
  extension: "Free extension",
};

/** What an edit form starts from: the stored terms, as the fields show them. */
export type TermValues = Partial<DiscountTerms & PauseTerms & PlanChangeTerms & ExtensionTerms>;

/**
 * The Type select's `data-terms` on each option. No underscores: in a Tailwind class an underscore
 * is a space, and the selectors below would match nothing.
 */
export const TERMS_ATTR: Record<OfferKind, string> = {
  discount: "discount",
  pause: "pause",
  plan_change: "plan",
  extension: "extension",
};

// Literal class names (Tailwind finds them in the source): a type's fieldset shows while its
// option is the chosen one in the surrounding `group/offer` form.
const SHOWN_WHEN_CHOSEN: Record<OfferKind, string> = {
  discount: "hidden group-has-[option[data-terms=discount]:checked]/offer:grid",
  pause: "hidden group-has-[option[data-terms=pause]:checked]/offer:grid",
  plan_change: "hidden group-has-[option[data-terms=plan]:checked]/offer:grid",
  extension: "hidden group-has-[option[data-terms=extension]:checked]/offer:grid",
};

function Legend({ children }: { children: ReactNode }) {
  return <legend className="mb-1 text-sm font-medium text-slate-900">{children}</legend>;
}

/** A radio group; `data` names the attribute the CSS above keys on. */
function Choice({
  name,
  legend,
  options,
  checked,
  data,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string;
  data: string;
}) {
  return (
    <fieldset className="sm:col-span-2">
      <Legend>{legend}</Legend>
      <div className="flex flex-wrap gap-4">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="radio"
              name={name}
              value={o.value}
              defaultChecked={o.value === checked}
              {...{ [`data-${data}`]: o.value }}
              className="h-4 w-4 accent-brand-600"
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function OfferTermFields({
  idPrefix,
  types,
  currency,
  values = {},
  chooser = false,
}: {
  idPrefix: string;
  /** The types whose fields to render (the add form: all; an edit form: the offer's own). */
  types: readonly OfferKind[];
  /** The workspace's currency: the default for an amount off. */
  currency: string;
  values?: TermValues;
  /** Inside a form with a Type select (`group/offer`): show only the chosen type's fieldset. */
  chooser?: boolean;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const fieldset = (type: OfferKind) =>
    `${chooser ? SHOWN_WHEN_CHOSEN[type] : "grid"} gap-3 sm:col-span-2 sm:grid-cols-2`;
  return (
    <>
      {types.includes("discount") ? (
        <fieldset className={`group/discount ${fieldset("discount")}`}>
          <Legend>Discount terms</Legend>
          <Choice
            name="discountKind"
            legend="Discount as"
            data="kind"
            checked={values.amountOff !== undefined ? "amount" : "percent"}
            options={[
              { value: "percent", label: "A percentage" },
              { value: "amount", label: "A fixed amount" },
            ]}
          />
          <div className="group-has-[input[data-kind=amount]:checked]/discount:hidden">
            <ActionField
              id={id("percentOff")}
              name="percentOff"
              label="Percent off"
              hint="1–100"
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              step={1}
              defaultValue={values.percentOff ?? ""}
            />
          </div>
          <div className="hidden gap-3 group-has-[input[data-kind=amount]:checked]/discount:grid sm:grid-cols-2">
            <ActionField
              id={id("amountOff")}
              name="amountOff"
              label="Amount off"
              hint="Off each invoice"
              type="number"
              inputMode="decimal"
              min={0.01}
              step="0.01"
              defaultValue={values.amountOff ?? ""}
            />
            <ActionField
              id={id("currency")}
              name="currency"
              label="Currency"
              hint="ISO code, like USD"
              maxLength={3}
              autoCapitalize="characters"
              spellCheck={false}
              defaultValue={values.currency ?? currency}
            />
          </div>
          <Choice
            name="durationKind"
            legend="Duration"
            data="duration"
            checked={values.forever ? "forever" : "months"}
            options={[
              { value: "months", label: "A number of months" },
              { value: "forever", label: "Forever" },
            ]}
          />
          <div className="group-has-[input[data-duration=forever]:checked]/discount:hidden">
            <ActionField
              id={id("durationMonths")}
              name="durationMonths"
              label="Duration (months)"
              hint="1–36"
              type="number"
              inputMode="numeric"
              min={1}
              max={36}
              step={1}
              defaultValue={values.durationMonths ?? ""}
            />
          </div>
        </fieldset>
      ) : null}
      {types.includes("pause") ? (
        <fieldset className={fieldset("pause")}>
          <Legend>Pause terms</Legend>
          <ActionField
            id={id("maxMonths")}
            name="maxMonths"
            label="Longest pause (months)"
            hint="1–12: the customer picks how many months, up to this"
            type="number"
            inputMode="numeric"
            min={1}
            max={12}
            step={1}
            defaultValue={values.maxMonths ?? ""}
          />
        </fieldset>
      ) : null}
      {types.includes("plan_change") ? (
        <fieldset className={fieldset("plan_change")}>
          <Legend>Plan change terms</Legend>
          <ActionField
            id={id("toPlan")}
            name="toPlan"
            label="Move to plan"
            hint="As your billing names it"
            maxLength={100}
            defaultValue={values.toPlan ?? ""}
          />
          <ActionField
            id={id("priceLabel")}
            name="priceLabel"
            label="Price shown (optional)"
            hint="Like $9/month"
            maxLength={100}
            defaultValue={values.priceLabel ?? ""}
          />
        </fieldset>
      ) : null}
      {types.includes("extension") ? (
        <fieldset className={fieldset("extension")}>
          <Legend>Free extension terms</Legend>
          <ActionField
            id={id("days")}
            name="days"
            label="Free days"
            hint="1–365 days added to the subscription"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            step={1}
            defaultValue={values.days ?? ""}
          />
        </fieldset>
      ) : null}
    </>
  );
}
