// The create form's variant rows, read into the domain's input, and the domain's errors put back
// beside the rows they are about (empty rows are skipped, so input index and form row can differ).
import type { ActionResult } from "@/lib/dashboard/action";
import { field } from "@/lib/dashboard/forms";
import { type ExperimentVariantInput, MAX_VARIANTS } from "@/lib/domain/experiments/schema";
import { HOLDOUT, variantField } from "./fields";

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Row = { row: number; variant: ExperimentVariantInput };

/**
 * The rows someone filled in (a row with neither key nor offer is ignored), each with the form row
 * it came from, so an error about variant 2 of the input goes beside the row that holds it.
 */
export function readVariantRows(form: FormData): { rows: Row[]; errors: Record<string, string> } {
  const rows: Row[] = [];
  const errors: Record<string, string> = {};
  for (let row = 0; row < MAX_VARIANTS; row++) {
    const key = field(form, variantField(row, "key"));
    const offer = field(form, variantField(row, "offerId"));
    const weight = field(form, variantField(row, "weight"));
    if (!key && !offer) continue;
    if (!offer) errors[variantField(row, "offerId")] = "Choose an offer, or No offer (holdout)";
    rows.push({
      row,
      variant: {
        key,
        offerId: offer === HOLDOUT || !offer ? null : offer,
        // Not a number: the domain's schema says what a weight must be.
        weight: /^-?\d+(\.\d+)?$/.test(weight) ? Number(weight) : Number.NaN,
      },
    });
  }
  return { rows, errors };
}

/** The domain's field paths (`variants.1.key`) renamed to the form rows they came from. */
export function errorsForRows(result: ActionResult<never>, rows: Row[]): ActionResult<never> {
  if (result.ok || !result.fieldErrors) return result;
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of Object.entries(result.fieldErrors)) {
    const m = /^variants(?:\.|\[)(\d+)\]?\.(key|offerId|weight)$/.exec(path);
    const row = m ? rows[Number(m[1])]?.row : undefined;
    fieldErrors[row === undefined ? path : variantField(row, m![2] as "key")] = capitalized(message);
  }
  return { ...result, fieldErrors };
}
