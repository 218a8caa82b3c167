import type { ReactNode } from "react";
import { RootDocument } from "../root-document";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <RootDocument lang="en">{children}</RootDocument>;
}
