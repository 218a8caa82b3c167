// The General settings form, checked the same way in the browser (before posting) and on the server.
// No server imports here: client components use it.
import { z } from "zod";

export const LOGO_TYPES = ["image/png", "image/jpeg", "image/svg+xml", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];
export const MAX_LOGO_BYTES = 100 * 1024;
export const DEFAULT_ACCENT = "#4f46e5";

let zones: Set<string> | undefined;

/** IANA zones this runtime knows, plus UTC (which Intl lists as Etc/UTC or not at all). */
export function timeZones(): string[] {
  zones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  return [...zones];
}

export function isTimeZone(value: string): boolean {
  timeZones();
  return zones!.has(value);
}

let currencies: Set<string> | undefined;

/** ISO 4217 codes this runtime can format, for the currency amounts are shown in. */
export function currencyCodes(): string[] {
  currencies ??= new Set(["USD", ...Intl.supportedValuesOf("currency")]);
  return [...currencies].sort();
}

export function isCurrency(value: string): boolean {
  currencyCodes();
  return currencies!.has(value);
}

export const generalSettingsInput = z.object({
  name: z.string().trim().min(1, "Give your workspace a name").max(80, "At most 80 characters"),
  accentColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour like #4f46e5")
    .transform((v) => v.toLowerCase()),
  timezone: z.string().refine(isTimeZone, "Choose a time zone from the list, e.g. Europe/Berlin"),
  currency: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine(isCurrency, "Choose a currency from the list, e.g. EUR"),
});
export type GeneralSettingsInput = z.input<typeof generalSettingsInput>;

/** What the browser can check about a chosen logo file before uploading it. */
export function logoFileProblem(file: { type: string; size: number }): string | null {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) {
    return "Upload a PNG, JPEG, SVG or WebP image";
  }
  if (file.size > MAX_LOGO_BYTES) {
    return `The logo must be at most ${MAX_LOGO_BYTES / 1024} KB (this one is ${Math.ceil(file.size / 1024)} KB)`;
  }
  if (file.size === 0) return "That file is empty";
  return null;
}
