// The receiving end for `npm run bench -- webhooks`: answers every POST with 200 "ok" and notes how
// long after its event was enqueued each one arrived. GET /stats reports and resets.
import { createServer } from "node:http";

const port = Number(process.env.PORT ?? 3210);
let lags: number[] = [];
let firstAt = 0;
let lastAt = 0;

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ count: lags.length, lags, firstAt, lastAt }));
    lags = [];
    firstAt = 0;
    lastAt = 0;
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const now = Date.now();
    // The payload's own createdAt (its first one) is when the event was enqueued.
    const m = /"createdAt":"([^"]+)"/.exec(Buffer.concat(chunks).toString("utf8"));
    lags.push(m ? now - Date.parse(m[1]!) : -1);
    firstAt ||= now;
    lastAt = now;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  });
});
server.keepAliveTimeout = 10_000;
server.listen(port, "127.0.0.1");
