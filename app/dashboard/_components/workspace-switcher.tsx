"use client";

import Link from "next/link";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import type { AccessibleWorkspace } from "@/lib/domain/workspaces/access";
import { switchWorkspace } from "../actions";

/**
 * The workspace menu (WAI-ARIA menu button): Enter, Space or ArrowDown opens it on the current
 * workspace, ArrowUp on the last item; arrows, Home and End move; Escape or Tab closes it and focus
 * returns to the button. Picking a workspace submits the switcher's form to `switchWorkspace`
 * (a navigation action), so the server still decides which ids this user may open.
 */
export function WorkspaceSwitcher({
  workspaces,
  current,
}: {
  workspaces: AccessibleWorkspace[];
  current: AccessibleWorkspace | null;
}) {
  const [open, setOpen] = useState(false);
  const [focusIndex, setFocusIndex] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const buttonId = useId();
  // Workspaces first, then "New workspace": the items in keyboard order.
  const count = workspaces.length + 1;
  const currentIndex = Math.max(
    0,
    workspaces.findIndex((w) => w.id === current?.id),
  );

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>("[data-menu-item]")[focusIndex]?.focus();
  }, [open, focusIndex]);

  // Switching (or creating) a workspace re-renders the layout with a new current one: close.
  const currentId = current?.id;
  useEffect(() => {
    if (currentId) setOpen(false);
  }, [currentId]);

  // A click outside closes the menu without moving focus.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const openAt = (index: number) => {
    setFocusIndex(index);
    setOpen(true);
  };
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      openAt(currentIndex);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      openAt(count - 1);
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const move: Record<string, number> = {
      ArrowDown: (focusIndex + 1) % count,
      ArrowUp: (focusIndex - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    if (e.key in move) {
      e.preventDefault();
      setFocusIndex(move[e.key]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "Tab") {
      close(false);
    } else if (e.key === " ") {
      // Space activates a menu item, the link included (a link would otherwise scroll the page).
      e.preventDefault();
      (document.activeElement as HTMLElement | null)?.click();
    }
  };

  return (
    <div className="relative min-w-0">
      <button
        ref={button}
        id={buttonId}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : openAt(currentIndex))}
        onKeyDown={onButtonKey}
        className={cn(
          "flex h-9 w-full min-w-0 items-center gap-2 rounded-control border border-line bg-surface px-2 text-left text-body text-ink shadow-card",
          "hover:border-line-control aria-expanded:border-line-control",
        )}
      >
        <span
          aria-hidden="true"
          className="flex size-5 shrink-0 items-center justify-center rounded bg-brand-600 text-[0.6875rem] font-semibold text-white"
        >
          {(current?.name ?? "?").slice(0, 1).toUpperCase()}
        </span>
        <span className="sr-only">Workspace: </span>
        <span className="min-w-0 flex-1 truncate font-medium">{current?.name ?? "Choose a workspace"}</span>
        {current?.role === "viewer" ? (
          <span className="shrink-0 rounded bg-amber-100 px-1 text-[0.6875rem] font-medium text-amber-900">
            Demo
          </span>
        ) : null}
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0 text-ink-subtle" fill="none">
          <path d="M5 6.5 8 3.5l3 3M5 9.5l3 3 3-3" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      {/* Rendered only while open: a closed menu is not in the page (nor in the accessibility tree). */}
      {open ? (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          onKeyDown={onMenuKey}
          className="absolute top-full left-0 z-50 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-card border border-line bg-surface p-1 shadow-popover"
        >
          <p aria-hidden="true" className="px-2 pt-1.5 pb-1 text-caption font-medium text-ink-subtle">
            Workspaces
          </p>
          <form action={switchWorkspace}>
            {workspaces.map((w, i) => {
              const selected = w.id === current?.id;
              return (
                <button
                  key={w.id}
                  data-menu-item
                  type="submit"
                  name="workspaceId"
                  value={w.id}
                  role="menuitemradio"
                  aria-checked={selected}
                  tabIndex={-1}
                  onFocus={() => setFocusIndex(i)}
                  className={cn(
                    "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-body text-ink",
                    "hover:bg-canvas focus-visible:bg-brand-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
                  )}
                >
                  <span className="min-w-0 flex-1 truncate">{w.name}</span>
                  {w.role === "viewer" ? (
                    <span className="shrink-0 text-caption text-ink-subtle">demo, read-only</span>
                  ) : null}
                  <svg
                    aria-hidden="true"
                    viewBox="0 0 16 16"
                    className={cn("size-4 shrink-0 text-brand-600", !selected && "invisible")}
                    fill="none"
                  >
                    <path d="m3.5 8.5 3 3 6-7" stroke="currentColor" strokeWidth="1.75" />
                  </svg>
                </button>
              );
            })}
          </form>
          <hr className="my-1 border-line" />
          <Link
            href="/dashboard/new"
            data-menu-item
            role="menuitem"
            tabIndex={-1}
            onFocus={() => setFocusIndex(workspaces.length)}
            onClick={() => setOpen(false)}
            className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-body text-brand-700 hover:bg-canvas focus-visible:bg-brand-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
          >
            <span aria-hidden="true">+</span> New workspace
          </Link>
        </div>
      ) : null}
    </div>
  );
}
