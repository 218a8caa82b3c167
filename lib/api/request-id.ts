import { createId } from "@/lib/ids";

/** A caller's x-request-id when it is sane (so traces join up), else a new `req_…` id. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : createId("req");
}
