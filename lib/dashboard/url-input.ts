/**
 * A URL as a merchant types it into a dashboard form: `app.example.com/account` means
 * `https://app.example.com/account`. Input with a scheme (`http://localhost:4010`, or one the
 * validator will refuse by name, like `ftp://`) is left as it is, and so is input that would not be
 * a URL even with https:// in front (`not a url`: the validator says why); `host:port` is not a
 * scheme. Used by the dashboard's form reader and, on blur, by the fields themselves.
 */
export function withHttps(raw: string): string {
  const v = raw.trim();
  if (v === "") return "";
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(v)) return v;
  const candidate = v.startsWith("//") ? `https:${v}` : `https://${v}`;
  try {
    const url = new URL(candidate);
    return url.hostname.includes(".") || url.hostname === "localhost" ? candidate : v;
  } catch {
    return v;
  }
}
