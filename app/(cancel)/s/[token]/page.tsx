import type { Metadata } from "next";
import { flowPathOf } from "@/lib/domain/cancel-sessions/flow";
import { hostedTitle, loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { De312kView } from "./_views/de312k-view";
import { ReasonView } from "./_views/reason-view";
import { StartView } from "./_views/start-view";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return hostedTitle(params, (t, path) =>
    path === "de_312k"
      ? t("hosted.de312k.title")
      : path === "fr_3_clicks"
        ? t("hosted.fr3.title")
        : path === "withdrawal"
          ? t("hosted.withdraw.title")
          : t("hosted.reason.title"),
  );
}

/** The link's landing page: its shape is the session's path (compliance mode, or withdrawal). */
export default async function LandingStep({
  params,
  searchParams,
}: Params & { searchParams: Promise<{ error?: string }> }) {
  const step = await loadStep(params, "reason");
  const error = (await searchParams).error;
  const props = { ...step, error };
  switch (flowPathOf(step.session)) {
    case "de_312k":
      return <De312kView {...props} />;
    case "fr_3_clicks":
      return <StartView kind="fr3" {...props} />;
    case "withdrawal":
      return <StartView kind="withdraw" {...props} />;
    default:
      return <ReasonView {...props} />;
  }
}
