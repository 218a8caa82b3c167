import type { HostedPage } from "@/lib/domain/cancel-sessions/flow";

/** Which page a form was on, for the compliance record's "action" entries. */
export function PageInput({ page }: { page: HostedPage }) {
  return <input type="hidden" name="page" value={page} />;
}
