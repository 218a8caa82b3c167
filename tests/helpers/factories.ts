// Factories: tests make their own data through the same domain functions the app uses.
import { randomBytes } from "node:crypto";
import { type CreateWorkspaceInput, createWorkspace } from "@/lib/domain/workspaces/create-workspace";

export async function createTestWorkspace(overrides: Partial<CreateWorkspaceInput> = {}) {
  return createWorkspace({
    name: `Test ${randomBytes(3).toString("hex")}`,
    returnUrls: ["https://merchant.example/account"],
    ...overrides,
  });
}

type RequestOptions = {
  method?: string;
  apiKey?: string;
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON and size tests). */
  rawBody?: string;
  headers?: Record<string, string>;
};

/** A Request as a route handler receives it. JSON bodies get `Content-Type: application/json`. */
export function apiRequest(path: string, opts: RequestOptions = {}): Request {
  const headers = new Headers(opts.headers);
  if (opts.apiKey) headers.set("authorization", `Bearer ${opts.apiKey}`);
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return new Request(new URL(path, "http://localhost:3000"), {
    method: opts.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
}

/** Route context as Next passes it: params behind a promise. */
export function routeParams<T extends Record<string, string>>(params: T) {
  return { params: Promise.resolve(params) };
}
