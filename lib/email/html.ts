/** Text for an HTML email body or attribute: everything a user typed goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * Free text (a workspace or person's name) for one line of an email: controls, line breaks and
 * invisible format characters become spaces, runs of space one, at most `max` characters. It can
 * neither start lines of its own nor pass for the email's own text; escape it too for HTML.
 */
export function oneLine(text: string, max = 80): string {
  const flat = text
    .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...flat]; // code points: an emoji is never cut in half
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max - 1).join("");
  return `${cut.trimEnd()}…`;
}
