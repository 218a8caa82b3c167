import Link from "next/link";
import type { ReactNode } from "react";
import { BrandMark } from "@/components/ui/brand-mark";
import { ButtonLink } from "@/components/ui/button";
import { RootDocument } from "../root-document";

const sectionLinks = [
  { href: "/#how-it-works", label: "How it works" },
  { href: "/#features", label: "Features" },
  { href: "/#plans", label: "Plans" },
];

function Wordmark() {
  return (
    <span className="inline-flex items-center gap-2 text-base font-semibold tracking-tight text-slate-900">
      <BrandMark />
      RetentBase
    </span>
  );
}

export default function MarketingLayout({ children }: { children: ReactNode }) {
  return (
    <RootDocument lang="en">
      <div className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
        >
          Skip to content
        </a>

        <header className="sticky top-0 z-40 border-b border-slate-200/80 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
          <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
            <Link href="/" className="rounded-md">
              <Wordmark />
            </Link>
            <nav aria-label="Main" className="flex items-center gap-1 sm:gap-2">
              <ul className="mr-2 hidden items-center gap-1 md:flex">
                {sectionLinks.map((link) => (
                  <li key={link.href}>
                    <Link
                      href={link.href}
                      className="rounded-md px-3 py-2 text-sm text-slate-600 transition-colors hover:text-slate-900"
                    >
                      {link.label}
                    </Link>
                  </li>
                ))}
              </ul>
              <ButtonLink href="/login" variant="ghost" size="sm">
                Sign in
              </ButtonLink>
              <ButtonLink href="/login" size="sm">
                Get started
              </ButtonLink>
            </nav>
          </div>
        </header>

        <main id="main" className="flex-1">
          {children}
        </main>

        <footer className="border-t border-slate-200 bg-slate-50">
          <div className="mx-auto flex max-w-6xl flex-col gap-8 px-4 py-10 sm:px-6 md:flex-row md:items-start md:justify-between">
            <div className="max-w-sm space-y-3">
              <Wordmark />
              <p className="text-sm text-slate-600">
                Self-hostable cancellation flows and retention analytics for subscription businesses.
              </p>
            </div>
            <nav aria-label="Footer">
              <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
                {[...sectionLinks, { href: "/login", label: "Sign in" }].map((link) => (
                  <li key={link.href}>
                    <Link href={link.href} className="rounded text-slate-600 hover:text-slate-900">
                      {link.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div className="border-t border-slate-200">
            <p className="mx-auto max-w-6xl px-4 py-5 text-xs text-slate-600 sm:px-6">
              RetentBase never changes your billing: you stay in control of every subscription.
            </p>
          </div>
        </footer>
      </div>
    </RootDocument>
  );
}
