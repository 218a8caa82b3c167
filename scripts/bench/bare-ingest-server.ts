// Baseline for `npm run bench -- ingest`: the essential work of POST /api/v1/cancellations with
// nothing else — node:http, JSON parse, key-hash lookup, INSERT … ON CONFLICT DO NOTHING. Not used
// by the app; it tells how much the framework, validation and the outbox cost.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const port = Number(process.env.PORT ?? 3201);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const hash = createHash("sha256").update(key).digest("hex");
      const auth = await pool.query(
        'select "workspaceId" from "ApiKey" where "hashedKey" = $1 and "revokedAt" is null',
        [hash],
      );
      const workspaceId = auth.rows[0]?.workspaceId;
      if (!workspaceId) {
        res.writeHead(401).end();
        return;
      }
      const env = body.environment ?? "prod";
      const now = new Date();
      const inserted = await pool.query(
        `insert into "CancellationEvent" (id, "workspaceId", environment, "eventId", source, "reasonKey", "occurredAt", metadata, "createdAt", "updatedAt")
         values ($1, $2, $3::"Environment", $4, 'api', $5, $6, '{}', $6, $6)
         on conflict ("workspaceId", environment, "eventId") do nothing returning *`,
        [`ce_${randomBytes(12).toString("hex")}`, workspaceId, env, body.eventId, body.reasonKey, now],
      );
      let row = inserted.rows[0];
      const created = Boolean(row);
      if (!row) {
        const found = await pool.query(
          'select * from "CancellationEvent" where "workspaceId" = $1 and environment = $2::"Environment" and "eventId" = $3',
          [workspaceId, env, body.eventId],
        );
        row = found.rows[0];
      }
      res.writeHead(created ? 201 : 200, { "content-type": "application/json" }).end(JSON.stringify(row));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
});

server.listen(port, "127.0.0.1", () => process.stderr.write(`bare ingest server on ${port}\n`));
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
