"use client";

import { type ReactNode, useId, useRef } from "react";
import { Button } from "./button";

/**
 * A submit button for destructive forms that asks first, in a native <dialog> (focus trapped,
 * Escape closes). Without JavaScript the form still posts; the server re-checks permissions anyway.
 */
export function ConfirmSubmit({
  children,
  title,
  description,
  confirmLabel,
  tone = "danger",
}: {
  children: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** "primary": a consequential but not destructive step (declaring a winner), in the brand colour. */
  tone?: "danger" | "primary";
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmed = useRef(false);
  // One id per dialog: a page often has several, and each must be named by its own title.
  const titleId = useId();
  return (
    <>
      <Button
        type="submit"
        variant={tone === "danger" ? "secondary" : "primary"}
        size="sm"
        className={tone === "danger" ? "text-red-700" : undefined}
        onClick={(e) => {
          if (confirmed.current) return;
          e.preventDefault();
          dialog.current?.showModal();
        }}
      >
        {children}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-card p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={titleId} className="text-lg font-semibold text-ink">
          {title}
        </h2>
        <div className="mt-2 text-sm text-ink-muted">{description}</div>
        <div className="mt-6 flex justify-end gap-3">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button
            className={tone === "danger" ? "bg-red-600 hover:bg-red-700" : undefined}
            onClick={() => {
              confirmed.current = true;
              dialog.current?.close();
              // Submit the form this dialog belongs to, as the original button would have.
              dialog.current?.closest("form")?.requestSubmit();
              confirmed.current = false;
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
