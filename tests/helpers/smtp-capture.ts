import { createHash } from "node:crypto";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { LOOPBACK_HOST, listenOnLoopback, Waiters } from "./loopback";

export interface CapturedEmail {
  /** Address in the From header (falls back to the envelope's MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), so Bcc recipients are included. */
  to: string[];
  subject: string;
  text: string;
  /** Empty string when the message has no HTML part. */
  html: string;
  /** The message exactly as received after DATA. */
  raw: string;
  /** The Message-ID header as sent, angle brackets included (`<id@host>`); "" when there is none. */
  messageId: string;
  /** Attached files, in order (images the HTML body shows inline, `related` parts, are left out). */
  attachments: CapturedAttachment[];
}

export interface CapturedAttachment {
  /** "" when the part names none. */
  filename: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the decoded content. */
  sha256: string;
  content: Buffer;
}

export type EmailPredicate = (email: CapturedEmail) => boolean;

export interface SmtpCapture {
  /** `smtp://127.0.0.1:PORT`, suitable for `SMTP_URL`. */
  url: string;
  port: number;
  messages: CapturedEmail[];
  /** Messages received but never answered (see `holdIf`): the client is still waiting on them. */
  held: CapturedEmail[];
  /**
   * A number waits for the count-th message and resolves with it; a predicate resolves with the first
   * message (already received or still to come) that matches. Default timeout 5 s.
   */
  waitFor(match: EmailPredicate | number, timeoutMs?: number): Promise<CapturedEmail>;
  /** Resolves with the count-th held message. Default timeout 5 s. */
  waitForHeld(count: number, timeoutMs?: number): Promise<CapturedEmail>;
  /** Forgets captured messages (the `messages` array is emptied in place). */
  clear(): void;
  close(): Promise<void>;
}

function firstAddress(header: AddressObject | AddressObject[] | undefined): string | undefined {
  const objects = Array.isArray(header) ? header : header ? [header] : [];
  for (const object of objects) {
    for (const entry of object.value) if (entry.address) return entry.address;
  }
  return undefined;
}

/**
 * `holdIf`: messages it matches are received but never answered — the sender hangs on them, as on
 * a stalled mail server (tests of crashes mid-send); they land in `held`, never in `messages`.
 * `refuseIf`: messages it matches are refused with a 550 after DATA (the sender gets an error).
 */
export async function startSmtpCapture(
  opts: { holdIf?: EmailPredicate; refuseIf?: EmailPredicate } = {},
): Promise<SmtpCapture> {
  const messages: CapturedEmail[] = [];
  const held: CapturedEmail[] = [];
  const waiters = new Waiters();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    // No DNS in the sandbox; the reverse lookup of 127.0.0.1 would only slow every connection down.
    disableReverseLookup: true,
    logger: false,
    // A pooled client left connected must not hold close() for smtp-server's default 30 s.
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const mailFrom = session.envelope.mailFrom;
            const email: CapturedEmail = {
              from: firstAddress(parsed.from) ?? (mailFrom ? mailFrom.address : ""),
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              raw: raw.toString("utf8"),
              messageId: parsed.messageId ?? "",
              attachments: parsed.attachments
                .filter((a) => !a.related)
                .map((a) => ({
                  filename: a.filename ?? "",
                  contentType: a.contentType,
                  size: a.content.length,
                  sha256: createHash("sha256").update(a.content).digest("hex"),
                  content: a.content,
                })),
            };
            if (opts.holdIf?.(email)) {
              held.push(email);
              waiters.notify();
              return; // never answered: the sender waits until it gives up or dies
            }
            if (opts.refuseIf?.(email)) {
              callback(
                Object.assign(new Error("Mailbox unavailable (refused by the test)"), { responseCode: 550 }),
              );
              return;
            }
            messages.push(email);
            waiters.notify();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  const port = await listenOnLoopback(server.server);
  let closed = false;

  return {
    url: `smtp://${LOOPBACK_HOST}:${port}`,
    port,
    messages,
    held,
    waitForHeld(count, timeoutMs = 5_000) {
      return waiters.wait(
        () => (held.length >= count ? held[count - 1] : undefined),
        timeoutMs,
        () => `SMTP capture expected ${count} held message(s), got ${held.length}`,
      );
    },
    waitFor(match, timeoutMs = 5_000) {
      if (typeof match === "number") {
        return waiters.wait(
          () => (messages.length >= match ? messages[match - 1] : undefined),
          timeoutMs,
          () => `SMTP capture expected ${match} message(s), got ${messages.length}`,
        );
      }
      return waiters.wait(
        () => messages.find(match),
        timeoutMs,
        () =>
          `no captured email matched; got ${messages.length}: ${JSON.stringify(messages.map((m) => ({ to: m.to, subject: m.subject })))}`,
      );
    },
    clear() {
      messages.length = 0;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      waiters.rejectAll("SMTP capture closed");
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const URL_PATTERN = /https?:\/\/[^\s"'<>`]+/g;
// Sentence punctuation that follows a link in plain text is not part of it.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

function decodeHtmlEntities(value: string): string {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&#x3[dD];/g, "=")
    .replace(/&#61;/g, "=")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** Every distinct http(s) URL in the text and HTML bodies, in order of first appearance. */
export function extractLinks(email: Pick<CapturedEmail, "text" | "html">): string[] {
  const found = [
    ...(email.text.match(URL_PATTERN) ?? []),
    ...(decodeHtmlEntities(email.html).match(URL_PATTERN) ?? []),
  ];
  return [...new Set(found.map((link) => link.replace(TRAILING_PUNCTUATION, "")))];
}
