import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { InviteSignOut } from "@/components/invite/invite-sign-out";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { currentUser } from "@/lib/auth/session";
import { findInvitation } from "@/lib/domain/workspaces/team";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/domain/workspaces/team-schema";
import { acceptInvitationAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-50 px-4 py-12">
      <Link href="/" className="mb-6 text-lg font-semibold text-slate-900">
        RetentBase
      </Link>
      <Card className="w-full max-w-md p-6 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {children}
      </Card>
    </main>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const here = `/invite/${encodeURIComponent(token)}`;
  // Showing the page changes nothing (mail scanners open links); accepting is a POST.
  const invitation = await findInvitation(token);

  if (invitation.status === "unknown") {
    return (
      <Frame title="This invitation link is not valid">
        <p className="mt-3 text-sm text-slate-600">
          Check that you opened the whole link from the email. If it was revoked or replaced by a newer
          invitation, ask the person who invited you to send a new one.
        </p>
        <ButtonLink href="/dashboard" variant="secondary" className="mt-6">
          Go to the dashboard
        </ButtonLink>
      </Frame>
    );
  }
  if (invitation.status === "used") {
    return (
      <Frame title="This invitation was already used">
        <p className="mt-3 text-sm text-slate-600">
          An invitation link works once. If you accepted it, {invitation.workspaceName} is in your workspace
          list. Otherwise, ask for a new invitation.
        </p>
        <ButtonLink href="/dashboard" className="mt-6">
          Go to the dashboard
        </ButtonLink>
      </Frame>
    );
  }
  if (invitation.status === "expired") {
    return (
      <Frame title="This invitation has expired">
        <p className="mt-3 text-sm text-slate-600">
          Invitations work for 7 days. Ask an admin of {invitation.workspaceName} to invite you again.
        </p>
      </Frame>
    );
  }

  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(here)}`);

  const role = ROLE_LABELS[invitation.role];
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <Frame title="Sign in as the invited address">
        <p className="mt-3 text-sm text-slate-600">
          This invitation to {invitation.workspaceName} is for{" "}
          <strong className="text-slate-900">{invitation.email}</strong>, but you are signed in as{" "}
          <strong className="text-slate-900">{user.email}</strong>. Sign out, then sign in with the invited
          address to accept it.
        </p>
        <div className="mt-6">
          <InviteSignOut callbackUrl={here} />
        </div>
      </Frame>
    );
  }

  return (
    <Frame title={`Join ${invitation.workspaceName}`}>
      <p className="mt-3 text-sm text-slate-600">
        {invitation.invitedBy ? `${invitation.invitedBy} invited you` : "You are invited"} to join{" "}
        <strong className="text-slate-900">{invitation.workspaceName}</strong> on RetentBase.
      </p>
      <div className="mt-4 flex items-start gap-3 rounded-lg bg-slate-50 p-3 text-sm">
        <Badge tone="brand">{role}</Badge>
        <span className="text-slate-700">{ROLE_DESCRIPTIONS[invitation.role]}</span>
      </div>
      <ActionForm action={acceptInvitationAction} className="mt-6 flex flex-wrap items-center gap-3">
        <input type="hidden" name="token" value={token} />
        <SubmitButton pendingLabel="Joining…">Accept invitation</SubmitButton>
        <span className="text-xs text-slate-500">Signed in as {user.email}</span>
      </ActionForm>
    </Frame>
  );
}
