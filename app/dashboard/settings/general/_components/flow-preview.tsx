import { readableOn } from "@/components/cancel-flow/accent";

/**
 * The hosted flow's reason step in miniature, drawn from the same parts as FlowShell and the
 * reason page, for the General tab's live preview. Presentational only: nothing in it is focusable,
 * so it is hidden from assistive technology and described by its caption instead.
 */
export function FlowPreview({
  name,
  logoUrl,
  accentColor,
  reasons,
  host,
}: {
  name: string;
  logoUrl: string | null;
  accentColor: string;
  reasons: string[];
  host: string;
}) {
  const accentFg = readableOn(accentColor);
  const shown = name.trim() || "Your company";
  return (
    <figure className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      <div aria-hidden="true" className="select-none">
        <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-100 px-3 py-2">
          <span className="h-2.5 w-2.5 rounded-full bg-slate-300" />
          <span className="h-2.5 w-2.5 rounded-full bg-slate-300" />
          <span className="h-2.5 w-2.5 rounded-full bg-slate-300" />
          <span className="ml-2 min-w-0 flex-1 truncate rounded bg-white px-2 py-0.5 text-xs text-slate-500">
            {host}/s/…
          </span>
        </div>
        <div className="bg-slate-50 text-[13px]">
          <div className="flex items-center gap-2.5 border-b border-slate-200 bg-white px-4 py-3">
            {logoUrl ? (
              // biome-ignore lint/performance/noImgElement: a data: URL preview, as the hosted flow shows it
              <img
                src={logoUrl}
                alt=""
                className="h-7 w-7 rounded-md object-contain"
                data-testid="preview-logo"
              />
            ) : (
              <span
                className="flex h-7 w-7 items-center justify-center rounded-md text-xs font-semibold"
                style={{ backgroundColor: accentColor, color: accentFg }}
              >
                {shown.charAt(0).toUpperCase()}
              </span>
            )}
            <span className="truncate font-semibold text-slate-900" data-testid="preview-name">
              {shown}
            </span>
          </div>
          <div className="px-4 py-5">
            <p className="text-xs text-slate-600">Step 1 of 3: Reason</p>
            <div className="mt-1.5 grid grid-cols-3 gap-1.5">
              <span className="h-1 rounded-full" style={{ backgroundColor: accentColor }} />
              <span className="h-1 rounded-full bg-slate-200" />
              <span className="h-1 rounded-full bg-slate-200" />
            </div>
            <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <p className="text-base font-semibold tracking-tight text-slate-900">
                We&apos;re sorry to see you go
              </p>
              <p className="mt-1 text-slate-600">
                Tell us why you&apos;re cancelling. It takes a moment and helps {shown} improve.
              </p>
              <p className="mt-3 font-medium text-slate-900">Why are you cancelling?</p>
              <div className="mt-2 space-y-1.5">
                {reasons.map((label, i) => (
                  <div
                    key={label}
                    className="flex items-center gap-2 rounded-md border px-3 py-2"
                    style={
                      i === 0
                        ? { borderColor: accentColor, boxShadow: `0 0 0 1px ${accentColor}` }
                        : { borderColor: "#e2e8f0" }
                    }
                  >
                    <span
                      className="flex h-3.5 w-3.5 shrink-0 items-center justify-center rounded-full border"
                      style={{ borderColor: i === 0 ? accentColor : "#94a3b8" }}
                    >
                      {i === 0 ? (
                        <span className="h-2 w-2 rounded-full" style={{ backgroundColor: accentColor }} />
                      ) : null}
                    </span>
                    <span className="text-slate-900">{label}</span>
                  </div>
                ))}
              </div>
              <span
                className="mt-4 inline-flex h-9 items-center rounded-md px-4 font-medium shadow-sm"
                style={{ backgroundColor: accentColor, color: accentFg }}
                data-testid="preview-button"
              >
                Continue
              </span>
            </div>
            <p className="mt-3 text-center text-[11px] text-slate-500">
              Nothing changes on your subscription until you confirm. Secured by RetentBase.
            </p>
          </div>
        </div>
      </div>
      <figcaption className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
        Preview of the first step your customers see, with {shown}&apos;s logo and colour.
      </figcaption>
    </figure>
  );
}
