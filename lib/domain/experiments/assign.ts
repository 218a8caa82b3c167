import { createHash } from "node:crypto";

export type VariantWeight = { key: string; offerId: string | null; weight: number };

/**
 * The variant a customer is in: SHA-256 of (experiment id, environment, userId) read as a number in
 * [0, 1), mapped onto the variants' cumulative weights in their stored order. Pure and stable: the
 * same customer gets the same variant on every link while the experiment runs, and another
 * experiment shuffles customers independently. Null when no variant has weight.
 */
export function assignVariant<V extends VariantWeight>(
  experimentId: string,
  environment: string,
  userId: string,
  variants: readonly V[],
): V | null {
  const total = variants.reduce((sum, v) => sum + Math.max(0, v.weight), 0);
  if (total <= 0) return null;
  const digest = createHash("sha256").update(`${experimentId}\u0000${environment}\u0000${userId}`).digest();
  // 48 bits: exact in a double, and far finer than any weight split.
  const point = (digest.readUIntBE(0, 6) / 2 ** 48) * total;
  let upTo = 0;
  for (const v of variants) {
    upTo += Math.max(0, v.weight);
    if (point < upTo) return v;
  }
  return variants.findLast((v) => v.weight > 0) ?? null;
}
