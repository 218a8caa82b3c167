import { CopyButton } from "@/components/ui/copy-button";

/** A copy-ready snippet: its name, a copy button, and the code in a keyboard-scrollable block. */
export function CodeBlock({ title, code, language }: { title: string; code: string; language?: string }) {
  return (
    <figure className="min-w-0 overflow-hidden rounded-xl border border-slate-800 bg-slate-950">
      <figcaption className="flex items-center justify-between gap-3 border-b border-slate-800 px-4 py-2">
        <span className="truncate text-xs font-medium text-slate-300">
          {title}
          {language ? <span className="text-slate-400"> · {language}</span> : null}
        </span>
        <CopyButton value={code} label="Copy" />
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: long lines scroll; keyboard users need to reach them */}
      <pre tabIndex={0} className="overflow-x-auto p-4 text-xs/5 text-slate-100 sm:text-[13px]/6">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
