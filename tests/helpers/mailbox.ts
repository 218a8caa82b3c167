// For end-to-end runs: the SMTP capture server plus a loopback HTTP view of what it caught, so
// Playwright workers (other processes) can read the emails the app sent.
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
