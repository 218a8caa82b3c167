import type { ReactNode } from "react";
import { RootDocument } from "../root-document";

export default function InviteLayout({ children }: { children: ReactNode }) {
  return <RootDocument lang="en">{children}</RootDocument>;
}
