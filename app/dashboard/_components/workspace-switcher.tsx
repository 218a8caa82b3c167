import Link from "next/link";
import type { AccessibleWorkspace } from "@/lib/domain/workspaces/access";
import { switchWorkspace } from "../actions";

/** A plain form (works without JavaScript): pick a workspace, press Switch. */
export function WorkspaceSwitcher({
  workspaces,
  current,
}: {
  workspaces: AccessibleWorkspace[];
  current: AccessibleWorkspace | null;
}) {
  return (
    <div className="flex items-center gap-2">
      <form action={switchWorkspace} className="flex items-center gap-2">
        <label htmlFor="workspace-switcher" className="sr-only">
          Workspace
        </label>
        <select
          id="workspace-switcher"
          name="workspaceId"
          defaultValue={current?.id ?? ""}
          className="h-9 max-w-48 rounded-lg border border-slate-300 bg-white px-2 text-sm"
        >
          {current ? null : (
            <option value="" disabled>
              Choose a workspace
            </option>
          )}
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
              {w.role === "viewer" ? " (demo, read-only)" : ""}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="h-9 rounded-lg border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50"
        >
          Switch
        </button>
      </form>
      <Link
        href="/dashboard/new"
        className="h-9 rounded-lg px-2 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50"
      >
        + New
      </Link>
    </div>
  );
}
