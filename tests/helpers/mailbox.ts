// For end-to-end runs: the SMTP capture server plus a loopback HTTP view of what it caught, so
// Playwright workers (other processes) can read the emails the app sent: GET /?to=<address> gives
// { messages: [{ from, to, subject, text, html, links, messageId, attachments: [{ filename,
// contentType, size, sha256, contentBase64 }] }] }, oldest first.
import { createServer } from "node:http";
import { LOOPBACK_HOST, listenOnLoopback } from "./loopback";
import { extractLinks, startSmtpCapture } from "./smtp-capture";

export async function startMailbox() {
  const smtp = await startSmtpCapture();
  const http = createServer((req, res) => {
    const to = new URL(req.url ?? "/", "http://x").searchParams.get("to")?.toLowerCase();
    const messages = smtp.messages
      .filter((m) => !to || m.to.some((t) => t.toLowerCase() === to))
      .map((m) => ({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        links: extractLinks(m),
        messageId: m.messageId,
        // Each attached file with its bytes (base64), so a test can parse them and compare digests.
        attachments: m.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
          sha256: a.sha256,
          contentBase64: a.content.toString("base64"),
        })),
      }));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ messages }));
  });
  const url = `http://${LOOPBACK_HOST}:${await listenOnLoopback(http)}`;
  return {
    url,
    smtpUrl: smtp.url,
    close: async () => {
      await new Promise((r) => http.close(r));
      await smtp.close();
    },
  };
}
