// Strings PostgreSQL cannot store: NUL (text and jsonb both refuse U+0000) and unpaired UTF-16
// surrogates (not Unicode: jsonb refuses their `\ud800` escapes, text would silently get U+FFFD).
// Checked once, in the API wrapper, on every parsed body, query and path value — nested fields,
// array items and object keys (metadata) included — so no route can pass one to the database.

export type TextIssue = { path: PropertyKey[]; message: string };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemOf(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}

/** Whether Postgres can store `s` as text or inside jsonb. */
export function isStorableText(s: string): boolean {
  return problemOf(s) === null;
}

type Path = { key: PropertyKey; parent: Path } | null;
const pathOf = (p: Path): PropertyKey[] => {
  const out: PropertyKey[] = [];
  for (let at = p; at; at = at.parent) out.unshift(at.key);
  return out;
};

/** Every string and key in `value` that cannot be stored, with its path (at most `max`). */
export function unstorableText(value: unknown, max = 10): TextIssue[] {
  const issues: TextIssue[] = [];
  // Iterative, with paths as parent links (built only for an issue): a 64 KB body can nest tens of
  // thousands of levels deep, and must cost no more than its size to check.
  const stack: [unknown, Path][] = [[value, null]];
  while (stack.length && issues.length < max) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      const problem = problemOf(v);
      if (problem) issues.push({ path: pathOf(path), message: problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { key: i, parent: path }]);
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        const problem = problemOf(k);
        if (problem) issues.push({ path: pathOf(path), message: `key ${JSON.stringify(k)} ${problem}` });
        stack.push([x, { key: k, parent: path }]);
      }
    }
  }
  return issues.slice(0, max);
}
