// Strings Postgres cannot store (NUL, unpaired surrogates) are refused where input enters: the API
// wrapper (every body, query and path value) and the dashboard's form reader. Found by `npm run fuzz`.
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { isStorableText, unstorableText } from "@/lib/api/text";
import { field, formValue, formValues } from "@/lib/dashboard/forms";

describe("unstorableText", () => {
  it("names every string and key with a NUL or a lone surrogate, however deep", () => {
    const value = JSON.parse(
      '{"reasonText":"a\\u0000b","context":{"plan":"\\ud800"},"metadata":{"k\\u0000":"v","ok":"\\udc00x"},"list":["fine","\\ud83d"]}',
    );
    expect(unstorableText(value).map((i) => [i.path.join("."), i.message.slice(0, 30)])).toEqual([
      ["reasonText", "contains a NUL character (\\u00"],
      ["context.plan", "contains an unpaired UTF-16 su"],
      ["metadata", 'key "k\\u0000" contains a NUL c'],
      ["metadata.ok", "contains an unpaired UTF-16 su"],
      ["list.1", "contains an unpaired UTF-16 su"],
    ]);
  });

  it("accepts real Unicode: pairs, RTL marks, emoji, combining marks", () => {
    expect(
      unstorableText({ a: "😀👩‍👩‍👧", b: "\u202eabc", c: "e\u0301", d: "\u{10ffff}", e: "%00" }),
    ).toEqual([]);
    expect(isStorableText("שלום")).toBe(true);
    expect(isStorableText("\u0000")).toBe(false);
  });

  it("walks nesting far deeper than the call stack without overflowing", () => {
    const deep = JSON.parse(`${"[".repeat(50_000)}"\\u0000"${"]".repeat(50_000)}`);
    expect(unstorableText(deep)).toHaveLength(1);
  });
});

describe("the dashboard's form reader", () => {
  it("reads anything that is not a FormData as an empty form (actions get what the request encoded)", () => {
    for (const notAForm of [undefined, null, 1, "x", [1, 2], { get: 1 }]) {
      expect(field(notAForm, "name")).toBe("");
      expect(formValue(notAForm, "name")).toBeNull();
      expect(formValues(notAForm, "eventTypes")).toEqual([]);
    }
  });

  it("refuses text Postgres cannot store, naming the field", () => {
    const f = new FormData();
    f.set("label", "a\u0000b");
    // FormData itself turns lone surrogates into U+FFFD; a NUL survives.
    f.append("eventTypes", "ok");
    f.append("eventTypes", "\u0000");
    const error = (() => {
      try {
        field(f, "label");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details).toEqual({
      issues: [{ path: "label", message: "contains a NUL character (\\u0000), which cannot be stored" }],
    });
    expect(() => formValues(f, "eventTypes")).toThrow(/NUL/);
  });
});
