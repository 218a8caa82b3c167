// The merchant's side of an end-to-end test: its account page on loopback (where the hosted flow
// sends the customer back) and a workspace made with the operator CLI, returning to that page.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "@playwright/test";
import { rb } from "../../helpers/run-script";

const ACCOUNT_PAGE =
  '<!doctype html><html lang="en"><head><title>Merchant account</title><link rel="icon" href="data:,"></head><body><main><h1>Your account</h1></main></body></html>';

export type MerchantSite = { origin: string; close: () => Promise<void> };

/**
 * A loopback server answering every path with the merchant's "Your account" page; `handle` may
 * answer a request itself first (return true when it did).
 */
export async function startMerchantSite(
  handle?: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<MerchantSite> {
  const server = createServer((req, res) => {
    if (handle?.(req, res)) return;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(ACCOUNT_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type CliWorkspace = { id: string; key: string; name: string; apiKey: string; signingSecret: string };

/** `rb workspace create` with a unique name (`prefix` + hex) returning to `returnUrl`. */
export async function createCliWorkspace(opts: {
  prefix: string;
  returnUrl: string;
  plan?: "core" | "advanced";
}): Promise<CliWorkspace> {
  const created = await rb(
    "workspace",
    "create",
    "--name",
    `${opts.prefix} ${randomBytes(3).toString("hex")}`,
    ...(opts.plan ? ["--plan", opts.plan] : []),
    "--return-url",
    opts.returnUrl,
    "--json",
  );
  expect(created.code, created.stderr).toBe(0);
  const out = JSON.parse(created.stdout);
  return {
    id: out.workspace.id,
    key: out.workspace.key,
    name: out.workspace.name,
    apiKey: out.apiKey,
    signingSecret: out.signingSecret,
  };
}
