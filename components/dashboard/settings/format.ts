/** A date as people in the workspace read it: "27 Nov 2026, 14:05 CET" in the workspace's zone. */
export function formatWhen(date: Date | string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(new Date(date));
  } catch {
    return `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  }
}
