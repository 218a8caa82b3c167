"use client";

// Confirmations that go away by themselves ("Reason saved."), instead of banners that pile up under
// each form. Our own, not a library: sonner (the usual choice) injects a <style> element at run
// time, which the app's nonce CSP (lib/routing/csp.ts) refuses.
//
// For screen readers: the region (role=status, polite) is on the page before any toast arrives, so
// each one is announced; a toast waits while the pointer or focus is on it, and has a close button.
// Errors never come here: they stay beside the field they are about.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";

type Toast = { id: number; message: string };

const SHOW_MS = 6000;
let toasts: Toast[] = [];
let nextId = 1;
let mounted = 0;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/** Shows a confirmation; false when no <Toaster> is on the page (the caller shows it inline). */
export function toast(message: string): boolean {
  if (!mounted) return false;
  toasts = [...toasts, { id: nextId++, message }].slice(-3);
  emit();
  return true;
}

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const EMPTY: Toast[] = [];

/** Whether a <Toaster> is on the page (so a form shows its confirmation there, not inline). */
export function useToasterPresent(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => mounted > 0,
    () => false,
  );
}

/** The live region toasts appear in: one per page, mounted once (the settings layout has it). */
export function Toaster() {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  useEffect(() => {
    mounted++;
    emit();
    return () => {
      mounted--;
      if (!mounted) toasts = [];
      emit();
    };
  }, []);
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label="Notifications"
      className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:inset-x-auto sm:right-4 sm:items-end"
    >
      {list.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast: t }: { toast: Toast }) {
  const [held, setHeld] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (held) return;
    timer.current = setTimeout(() => dismiss(t.id), SHOW_MS);
    return () => clearTimeout(timer.current);
  }, [held, t.id]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: pausing while hovered or focused is no action; the close button is the control
    <div
      className="pointer-events-auto flex max-w-sm items-start gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <p className="min-w-0 flex-1">{t.message}</p>
      <button
        type="button"
        onClick={() => dismiss(t.id)}
        className="-my-1 -mr-2 rounded px-2 py-1 text-slate-300 hover:text-white focus-visible:outline-2 focus-visible:outline-white"
        aria-label="Dismiss notification"
      >
        ×
      </button>
    </div>
  );
}
