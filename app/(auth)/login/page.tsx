import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-lg">
        <Link
          href="/"
          className="mx-auto mb-6 flex w-fit items-center gap-2 rounded-md font-semibold tracking-tight text-slate-900"
        >
          <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7">
            <rect width="32" height="32" rx="8" className="fill-brand-600" />
            <path
              d="M9 9.5h9a6.25 6.25 0 0 1 0 12.5h-7.5M14 18.5 10.5 22l3.5 3.5"
              fill="none"
              stroke="#fff"
              strokeWidth="2.75"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          RetentBase
        </Link>
        <Card className="p-6 sm:p-8">
          <Badge tone="brand">Coming soon</Badge>
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">Sign in to RetentBase</h1>
          <p className="mt-3 text-sm/6 text-slate-600">
            Sign-in with an email magic link is on its way. There is no password to set up: you will get a
            one-time link by email.
          </p>
          <h2 className="mt-6 text-sm font-semibold text-slate-900">Running your own instance?</h2>
          <p className="mt-1 text-sm/6 text-slate-600">
            Meanwhile, operators can create a workspace with the CLI on the server:
          </p>
          <pre className="mt-3 rounded-lg bg-slate-900 px-4 py-3 text-[0.8125rem]/6 whitespace-pre-wrap wrap-break-word text-slate-100">
            <code>npm run rb -- workspace create --name "Acme" --json</code>
          </pre>
        </Card>
        <p className="mt-6 text-center text-sm">
          <Link href="/" className="rounded font-medium text-brand-700 hover:text-brand-800">
            <span aria-hidden="true">← </span>Back to home
          </Link>
        </p>
      </div>
    </main>
  );
}
