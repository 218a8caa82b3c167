import { PageSkeleton } from "@/components/dashboard/page-skeleton";

export default function ExperimentsLoading() {
  return <PageSkeleton rows={4} />;
}
