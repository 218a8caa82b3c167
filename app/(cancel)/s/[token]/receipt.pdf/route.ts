import { isWrongHost, withTransportHeaders } from "@/lib/api/host";
import { FINISHED_LINK_TTL_MS, loadFlow } from "@/lib/domain/cancel-sessions/flow";
import { receiptFilename } from "@/lib/domain/receipts/email";
import { issueReceipt, storedReceiptPdf } from "@/lib/domain/receipts/issue";
import { HOSTED_FLOW_HEADERS } from "@/lib/routing/csp";

export const dynamic = "force-dynamic";

// middleware.ts does not match this route (its hosted-flow headers would replace these: a page's
// CSP and a bare no-store): it checks its host and sets the hosted flow's headers itself.
const NOTHING_RUNS = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The hosted flow's headers with these on top (a plain object spread would repeat a key in another case). */
function headers(extra: Record<string, string>) {
  const h = new Headers(HOSTED_FLOW_HEADERS);
  h.set("content-security-policy", NOTHING_RUNS);
  h.set("x-content-type-options", "nosniff");
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
}

function notFound(req: Request) {
  const body = req.method === "HEAD" ? null : "Not found\n";
  return withTransportHeaders(
    req,
    new Response(body, { status: 404, headers: headers({ "content-type": "text/plain; charset=utf-8" }) }),
  );
}

/**
 * The receipt's PDF, the very bytes stored when it was first made. A churned session that has none
 * yet (its issue failed after the completion committed) gets it now. Unknown and expired links
 * (24 h after completion, as the done page), and sessions without a receipt (not finished, or
 * recovered), are a plain 404 that says nothing more.
 */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  if (isWrongHost(req)) return notFound(req);
  const { token } = await params;
  const found = await loadFlow(token);
  if (found.kind !== "ok") return notFound(req);
  const { session } = found;
  if (session.status !== "completed" || session.outcome !== "churned") return notFound(req);
  // As long as the link shows its result (the done and receipt pages), and no longer.
  const completedAt = session.completedAt?.getTime() ?? 0;
  if (Date.now() >= completedAt + FINISHED_LINK_TTL_MS) return notFound(req);
  let receipt = await storedReceiptPdf(session.id);
  if (!receipt) {
    await issueReceipt(session.id);
    receipt = await storedReceiptPdf(session.id);
  }
  if (!receipt) return notFound(req);
  const body = new Uint8Array(receipt.pdf);
  return withTransportHeaders(
    req,
    new Response(req.method === "HEAD" ? null : body, {
      status: 200,
      headers: headers({
        "content-type": "application/pdf",
        "content-length": String(body.byteLength),
        "content-disposition": `attachment; filename="${receiptFilename(session.id)}"`,
        "cache-control": "private, no-store",
      }),
    }),
  );
}
