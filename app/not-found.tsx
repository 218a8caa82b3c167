import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RootDocument } from "./root-document";

export const metadata: Metadata = { title: "Page not found" };

// Shared by every host (app and cancel), so no marketing chrome here. Above every area's layout,
// so it renders its own document.
export default function NotFound() {
  return (
    <RootDocument lang="en">
      <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
        <Card className="w-full max-w-md p-6 text-center sm:p-8">
          <Badge>404</Badge>
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
          <p className="mt-3 text-sm/6 text-slate-600">
            The page you are looking for does not exist or has moved. If you followed a cancellation link, it
            may have expired: ask the service you are cancelling for a new one.
          </p>
          <ButtonLink href="/" variant="secondary" className="mt-6">
            Go to the home page
          </ButtonLink>
        </Card>
      </main>
    </RootDocument>
  );
}
