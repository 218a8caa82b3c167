// Outgoing email over SMTP_URL (nodemailer). Without SMTP_URL the message is not sent: the log
// gets its recipient and subject (never its body), and the link of a sign-in or invitation email
// when links may be logged (emailLinksLogged: local runs, or EMAIL_LOG_LINKS=true).
import nodemailer, { type Transporter } from "nodemailer";
import { emailLinksLogged, env } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * `messageId`: a Message-ID of the caller's (e.g. stable across re-sends); nodemailer makes one otherwise.
 * `link`: the link the email exists to deliver (sign-in, invitation), for when it cannot be sent.
 */
export type Email = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  link?: string;
  /** Files sent with it (a receipt's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (!transport || transport.url !== url) {
    transport = { url, transporter: nodemailer.createTransport(url) };
  }
  return transport.transporter;
}

/**
 * Sends one email; `{ sent: false }` when SMTP is not configured, with `linkLogged` when its `link`
 * went to the log instead. That log line is the one place a link is written on purpose: in the
 * message, since the logger redacts `url`, `text` and token fields.
 */
export async function sendEmail(
  email: Email,
): Promise<{ sent: boolean; linkLogged: boolean; messageId?: string }> {
  const e = env();
  const { link, ...message } = email;
  if (!e.SMTP_URL) {
    const linkLogged = Boolean(link) && emailLinksLogged(e);
    if (linkLogged)
      logger.warn(
        { to: email.to, subject: email.subject },
        `${email.subject} (SMTP_URL is unset, so the link is logged instead of emailed): ${link}`,
      );
    else logger.info({ to: email.to, subject: email.subject }, "email not sent (SMTP_URL is unset)");
    return { sent: false, linkLogged };
  }
  const info = await transporterFor(e.SMTP_URL).sendMail({ from: e.EMAIL_FROM, ...message });
  // The Message-ID the message went out with: the caller's, or the one nodemailer made.
  return { sent: true, linkLogged: false, messageId: info.messageId };
}
