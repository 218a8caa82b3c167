import type { ReactNode } from "react";
import { RootDocument } from "@/app/root-document";
import { hostedLocale } from "@/lib/domain/cancel-sessions/load-step";

/**
 * The hosted flow's document: <html lang> is the language the page speaks (the session's, else
 * the browser's), set on the server so it holds without JavaScript.
 */
export default async function HostedFlowLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  return <RootDocument lang={await hostedLocale(token)}>{children}</RootDocument>;
}
