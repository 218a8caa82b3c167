import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RetentBase", template: "%s · RetentBase" },
  description:
    "Self-hostable cancellation flows and retention analytics for subscription businesses: " +
    "ask why customers leave, make a fair offer, and get a signed result.",
};

export const viewport: Viewport = {
  themeColor: "#4f46e5",
};

/**
 * Passes children through: each area's layout renders <html> (app/root-document.tsx), so the
 * hosted flow (app/(cancel)/s/[token]/layout.tsx) can give it the customer's language. The 404
 * page renders its own (app/not-found.tsx).
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
