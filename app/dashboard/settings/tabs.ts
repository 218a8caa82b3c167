// The Settings sections, each a route segment (app/dashboard/settings/<id>/page.tsx) under one
// layout; the first is where /dashboard/settings leads.
export const SETTINGS_TABS = [
  { id: "general", label: "General" },
  { id: "team", label: "Team" },
  { id: "api", label: "API" },
  { id: "hosted-flow", label: "Hosted flow" },
  { id: "webhooks", label: "Webhooks" },
  { id: "notifications", label: "Notifications" },
  { id: "audit", label: "Audit log", adminOnly: true },
] as const satisfies ReadonlyArray<{ id: string; label: string; adminOnly?: boolean }>;

export type SettingsTabId = (typeof SETTINGS_TABS)[number]["id"];

export const settingsPath = (id: SettingsTabId) => `/dashboard/settings/${id}`;

export function isSettingsTab(id: unknown): id is SettingsTabId {
  return SETTINGS_TABS.some((t) => t.id === id);
}
