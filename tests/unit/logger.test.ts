import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger";

/** The logger as the app builds it, writing its JSON lines here instead of stderr. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line) }, "info");
  return { logger, output: () => lines.join(""), entries: () => lines.map((l) => JSON.parse(l)) };
}

const link = "http://localhost:3000/api/auth/callback/email?token=4f1c0ffee&email=a%40x.com";

describe("logger redaction", () => {
  it("never writes links, message bodies or tokens, at any depth", () => {
    const { logger, output, entries } = capture();
    const err = Object.assign(new Error("request failed"), {
      config: { url: link, method: "post", headers: { authorization: "Bearer rb_live_secretkey" } },
      cause: Object.assign(new Error("inner"), { resultToken: "eyJhbGciOi.inner" }),
      original: Object.assign(new Error("original"), { sessionToken: "sess_original" }),
    });
    logger.warn(
      {
        to: "a@x.com",
        url: link,
        text: `Sign in:\n${link}`,
        html: `<a href="${link}">Sign in</a>`,
        token: "tok_top",
        csrfToken: "csrf_value",
        nested: { deeper: { accessToken: "gho_access", id_token: "idtok", list: [{ url: link }] } },
        headers: { "x-api-key": "rb_live_header", cookie: "next-auth.session-token=cookieval" },
        signingSecret: "whsec_plain",
        err,
      },
      "something happened",
    );
    const out = output();
    for (const secret of [
      "4f1c0ffee",
      "tok_top",
      "csrf_value",
      "gho_access",
      "idtok",
      "rb_live_",
      "cookieval",
      "whsec_plain",
      "eyJhbGciOi",
      "sess_original",
    ])
      expect(out).not.toContain(secret);
    const [entry] = entries();
    expect(entry).toMatchObject({
      msg: "something happened",
      to: "a@x.com",
      url: "[redacted]",
      text: "[redacted]",
      html: "[redacted]",
      token: "[redacted]",
      csrfToken: "[redacted]",
      nested: {
        deeper: { accessToken: "[redacted]", id_token: "[redacted]", list: [{ url: "[redacted]" }] },
      },
      headers: { "x-api-key": "[redacted]", cookie: "[redacted]" },
      signingSecret: "[redacted]",
      // Errors keep what makes them useful: type, message, stack, the fields that are not secret.
      err: {
        type: "Error",
        message: expect.stringContaining("request failed"),
        config: { url: "[redacted]", method: "post", headers: { authorization: "[redacted]" } },
        original: { type: "Error", message: "original", sessionToken: "[redacted]" },
      },
    });
    expect(entry.err.stack).toMatch(/request failed/);
  });

  it("keeps ids and other fields, and an Error logged on its own", () => {
    const { logger, entries } = capture();
    logger.info({ apiKeyId: "key_1", invitationId: "inv_1", status: 200, at: new Date(0) }, "ok");
    logger.error(new Error("plain failure"));
    const [info, error] = entries();
    expect(info).toMatchObject({
      apiKeyId: "key_1",
      invitationId: "inv_1",
      status: 200,
      at: "1970-01-01T00:00:00.000Z",
    });
    expect(error).toMatchObject({ msg: "plain failure", err: { type: "Error", message: "plain failure" } });
  });

  it("survives cycles", () => {
    const { logger, entries } = capture();
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    logger.info({ a }, "cyclic");
    expect(entries()[0].a).toEqual({ name: "a", self: "[circular]" });
  });
});
