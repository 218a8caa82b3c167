import { redirect } from "next/navigation";
import { isSettingsTab, SETTINGS_TABS, settingsPath } from "./tabs";

type Search = Record<string, string | string[] | undefined>;

/**
 * /dashboard/settings opens the first section; the old `?tab=api` links (bookmarks, emails sent
 * before the sections became pages) open /dashboard/settings/api, other query parameters kept.
 */
export default async function SettingsIndex({ searchParams }: { searchParams: Promise<Search> }) {
  const { tab, ...rest } = await searchParams;
  const requested = Array.isArray(tab) ? tab[0] : tab;
  const target = isSettingsTab(requested) ? requested : SETTINGS_TABS[0].id;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(rest)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  const qs = query.toString();
  redirect(qs ? `${settingsPath(target)}?${qs}` : settingsPath(target));
}
