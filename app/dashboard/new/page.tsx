import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { Card } from "@/components/ui/card";
import { CreateWorkspaceForm } from "./_components/create-workspace-form";

export const metadata: Metadata = { title: "New workspace" };

export default function NewWorkspacePage() {
  return (
    <div className="max-w-xl">
      <PageHeader
        title="Create a workspace"
        description="A workspace holds your API keys, cancellation reasons, offers and retention data. It comes with sensible default reasons; when billing is on, your first workspace starts with a 14-day trial of every feature (later ones start when you choose a plan)."
      />
      <Card className="p-6">
        <CreateWorkspaceForm />
      </Card>
    </div>
  );
}
