import localFont from "next/font/local";
import type { ReactNode } from "react";

// Self-hosted (no network at build time): the variable Inter from @fontsource-variable/inter.
const inter = localFont({
  src: "./fonts/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-sans",
});

/**
 * The <html> and <body> every page renders in. The app has one root layout per area (app/layout.tsx
 * only passes children through) so that the hosted flow can set <html lang> to the customer's
 * language on the server; everything else is English.
 */
export function RootDocument({ lang, children }: { lang: string; children: ReactNode }) {
  return (
    <html lang={lang} className={inter.variable}>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
