// The create form's field names, shared by the form (client) and the action that reads it.

/** A variant row's field: `variants.<row>.key`, `.offerId`, `.weight`. */
export const variantField = (row: number, name: "key" | "offerId" | "weight") => `variants.${row}.${name}`;
/** What the offer select sends for "No offer (holdout)". */
export const HOLDOUT = "none";
