import { domainToASCII, domainToUnicode } from "node:url";

/** The email provider's id: `/api/auth/signin/email` sends magic links. */
export const EMAIL_PROVIDER_ID = "email";

const INVALID = "Invalid email address format.";
/** Whitespace, controls and zero-width characters, and the specials a mailer reads as address syntax. */
const NOT_IN_AN_ADDRESS = /[\s\p{C}"(),:;<>@[\\\]]/u;

/**
 * The address a magic link goes to: the email provider's `normalizeIdentifier`, so next-auth signs
 * in, stores and mails exactly this string, and the sign-in limiter counts on it too.
 *
 * It is next-auth 4.24's default (core/routes/signin.js: NFKC, trim, exactly one "@", no quotes,
 * lower case, the domain cut at the first ",", a "." in the domain), plus what the default lets
 * through as one inbox under many spellings: no whitespace, controls or address syntax in either
 * part (nodemailer reads `1,victim@x.com` as a list and `x <victim@x.com>` or `victim(1)@x.com` as
 * victim@x.com), the domain in one canonical IDN form (`bücher.de` = `xn--bcher-kva.de`), and at
 * most 254 characters. Throws on anything else; next-auth then refuses the request.
 */
export function normalizeEmailIdentifier(identifier: unknown): string {
  if (typeof identifier !== "string") throw new Error(INVALID);
  // next-auth's default, step by step.
  const trimmed = identifier.normalize("NFKC").trim();
  if ((trimmed.match(/@/g) ?? []).length !== 1 || trimmed.includes('"')) throw new Error(INVALID);
  const [local, rawDomain] = trimmed.toLowerCase().split("@") as [string, string];
  const cut = rawDomain.split(",")[0] ?? "";
  if (!local || !cut.includes(".")) throw new Error(INVALID);
  // Stricter than the default.
  if (NOT_IN_AN_ADDRESS.test(local) || NOT_IN_AN_ADDRESS.test(cut)) throw new Error(INVALID);
  const ascii = domainToASCII(cut);
  if (!ascii) throw new Error(INVALID);
  const email = `${local}@${domainToUnicode(ascii)}`;
  if (email.length > 254) throw new Error(INVALID);
  return email;
}

/** The normalised address, or null when next-auth would refuse the request (no mail goes out). */
export function emailIdentifierOrNull(identifier: unknown): string | null {
  try {
    return normalizeEmailIdentifier(identifier);
  } catch {
    return null;
  }
}
