import { createTransport } from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CapturedEmail,
  extractLinks,
  type SmtpCapture,
  startSmtpCapture,
} from "../../helpers/smtp-capture";

let capture: SmtpCapture | undefined;

afterEach(async () => {
  await capture?.close();
  capture = undefined;
});

function transportFor(port: number) {
  return createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
}

describe("SMTP capture", () => {
  it("receives a mail sent with nodemailer and extracts its link", async () => {
    capture = await startSmtpCapture();
    expect(capture.url).toBe(`smtp://127.0.0.1:${capture.port}`);

    await transportFor(capture.port).sendMail({
      from: '"RetentBase" <reports@retentbase.test>',
      to: "owner@merchant.test",
      bcc: "auditor@merchant.test",
      subject: "Your weekly retention report",
      text: "Save rate 42%. Open https://app.retentbase.test/dashboard/reports?week=12&ws=acme.",
      html: '<p>Save rate 42%. <a href="https://app.retentbase.test/dashboard/reports?week=12&amp;ws=acme">Open</a></p>',
    });

    const email = await capture.waitFor(1);
    expect(email).toMatchObject({
      from: "reports@retentbase.test",
      to: ["owner@merchant.test", "auditor@merchant.test"],
      subject: "Your weekly retention report",
    });
    expect(email.text).toContain("Save rate 42%");
    expect(email.html).toContain("<a href=");
    expect(email.raw).toMatch(/^Subject: Your weekly retention report\r?$/m);
    expect(extractLinks(email)).toEqual(["https://app.retentbase.test/dashboard/reports?week=12&ws=acme"]);
  });

  it("waitFor(predicate) resolves with a later matching message; clear() empties the list", async () => {
    capture = await startSmtpCapture();
    const transport = transportFor(capture.port);
    const forBob = capture.waitFor((m) => m.to.includes("bob@merchant.test"));

    await transport.sendMail({
      from: "a@retentbase.test",
      to: "alice@merchant.test",
      subject: "one",
      text: "1",
    });
    await transport.sendMail({
      from: "a@retentbase.test",
      to: "bob@merchant.test",
      subject: "two",
      text: "2",
    });

    expect((await forBob).subject).toBe("two");
    expect(capture.messages.map((m) => m.subject)).toEqual(["one", "two"]);
    capture.clear();
    expect(capture.messages).toHaveLength(0);
    await expect(capture.waitFor(1, 100)).rejects.toThrow(/expected 1 message\(s\), got 0/);
  });

  it("extractLinks finds each http(s) URL once, without trailing punctuation or HTML escaping", () => {
    const email: Pick<CapturedEmail, "text" | "html"> = {
      text: "Go to https://a.test/x, then (http://b.test/y). Not ftp://c.test/z.",
      html: '<a href="https://a.test/x">x</a> <a href="https://d.test/?a=1&amp;b=2">d</a>',
    };
    expect(extractLinks(email)).toEqual(["https://a.test/x", "http://b.test/y", "https://d.test/?a=1&b=2"]);
    expect(extractLinks({ text: "no links here", html: "" })).toEqual([]);
  });
});
