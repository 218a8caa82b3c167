// Outgoing email over SMTP_URL (nodemailer). Without SMTP_URL the message goes to the log instead,
// so local work and self-hosting without mail still show what would have been sent.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** `messageId`: a Message-ID of the caller's (e.g. stable across re-sends); nodemailer makes one otherwise. */
export type Email = {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
};

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (!transport || transport.url !== url) {
    transport = { url, transporter: nodemailer.createTransport(url) };
  }
  return transport.transporter;
}

/** Sends one email; `{ sent: false }` when SMTP is not configured (the message is logged). */
export async function sendEmail(email: Email): Promise<{ sent: boolean }> {
  const { SMTP_URL, EMAIL_FROM } = env();
  if (!SMTP_URL) {
    logger.info(
      { to: email.to, subject: email.subject, text: email.text },
      "email not sent (SMTP_URL is unset)",
    );
    return { sent: false };
  }
  await transporterFor(SMTP_URL).sendMail({ from: EMAIL_FROM, ...email });
  return { sent: true };
}
