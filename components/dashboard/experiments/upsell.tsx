import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** What a Core workspace sees instead of experiments: what they are, and where to get them. */
export function ExperimentsUpsell() {
  return (
    <Card className="max-w-2xl p-6">
      <h2 className="text-heading text-ink">Offer experiments come with the Advanced plan</h2>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-body text-ink-muted">
        <li>Test offers against each other, and against a holdout that sees no offer</li>
        <li>Each customer stays in one variant on every link, chosen by weight</li>
        <li>Save rate per variant with a 95 % interval, lift over the holdout with its p-value, MRR saved</li>
        <li>Saves that lasted: the validated save rate, 30 days on</li>
      </ul>
      <Link href="/dashboard/billing" className={`${buttonClasses()} mt-4`}>
        See plans
      </Link>
    </Card>
  );
}

/** Why the buttons are missing, when they are (demo, ended subscription, a member). */
export function ReadOnlyExperimentsNote({ code }: { code: string }) {
  const note =
    code === "demo_workspace"
      ? "The demo workspace is read-only."
      : code === "subscription_inactive"
        ? "This workspace is read-only because its subscription has ended: renew it under Billing to make changes."
        : "You can see experiments and their results; only admins and owners create, start or stop them.";
  return (
    <p
      className="mb-4 rounded-lg bg-surface-muted px-3 py-2 text-body text-ink-muted ring-1 ring-line"
      role="status"
    >
      {note}
    </p>
  );
}
