"use client";

// Cancellation reasons: labels edited in place (click or Enter on the label; Enter saves, Escape
// cancels) and the order changed by dragging — with the mouse, or from the keyboard: Space on a
// row's handle picks it up, the arrow keys move it, Space drops it, Escape cancels; a screen reader
// hears each step. The new order is saved in one action that sets every position at once.
import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useEffect, useRef, useState, useTransition } from "react";
import { ActionForm, SubmitButton, useActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { describedBy, FormMessage, Input } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { Locale } from "@/lib/i18n/locales";
import { reorderReasonsAction, updateReasonAction } from "../actions";
import { ReasonTranslations, type StoredTranslations } from "./translation-forms";

export type ReasonRow = { key: string; label: string; enabled: boolean; translations: StoredTranslations };
/** The workspace's default language and the others, which reasons are translated into. */
export type ReasonLocales = { defaultLocale: Locale; locales: Locale[] };

export function ReasonList({
  workspaceId,
  canEdit,
  reasons,
  labelledBy,
  languages,
}: {
  workspaceId: string;
  canEdit: boolean;
  reasons: ReasonRow[];
  labelledBy: string;
  languages: ReasonLocales;
}) {
  const [order, setOrder] = useState(() => reasons.map((r) => r.key));
  const [error, setError] = useState<string>();
  const [, startTransition] = useTransition();
  // The server's order wins whenever it changes (a save, another tab, an added reason).
  const serverOrder = reasons.map((r) => r.key).join(" ");
  useEffect(() => setOrder(serverOrder.split(" ")), [serverOrder]);
  const byKey = new Map(reasons.map((r) => [r.key, r]));
  const rows = order.map((k) => byKey.get(k)).filter((r): r is ReasonRow => Boolean(r));

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const labelOf = (id: UniqueIdentifier) => byKey.get(String(id))?.label ?? String(id);
  const positionOf = (id: UniqueIdentifier | undefined) =>
    id === undefined ? -1 : order.indexOf(String(id)) + 1;
  // dnd-kit reports the row over its own place as soon as it is picked up: saying "moved" then
  // would talk over "Picked up"; only a real change of place is announced.
  const lastOver = useRef<UniqueIdentifier | null>(null);
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      lastOver.current = active.id;
      return `Picked up ${labelOf(active.id)}, position ${positionOf(active.id)} of ${order.length}.`;
    },
    onDragOver: ({ active, over }) => {
      if ((over?.id ?? null) === lastOver.current) return undefined;
      lastOver.current = over?.id ?? null;
      return over
        ? `${labelOf(active.id)} was moved to position ${positionOf(over.id)} of ${order.length}.`
        : `${labelOf(active.id)} is no longer over a position.`;
    },
    onDragEnd: ({ active, over }) =>
      over
        ? `${labelOf(active.id)} was dropped at position ${positionOf(over.id)} of ${order.length}.`
        : `${labelOf(active.id)} was dropped where it was.`,
    onDragCancel: ({ active }) => `Moving ${labelOf(active.id)} was cancelled: it stays where it was.`,
  };

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const before = order;
    const next = arrayMove(order, order.indexOf(String(active.id)), order.indexOf(String(over.id)));
    setOrder(next);
    setError(undefined);
    const form = new FormData();
    form.set("workspaceId", workspaceId);
    for (const k of next) form.append("keys", k);
    startTransition(async () => {
      const result = await reorderReasonsAction(null, form);
      if (result.ok) {
        if (result.message) toast(result.message);
      } else {
        setOrder(before);
        setError(result.message);
      }
    });
  }

  const list = (
    <ul
      aria-labelledby={labelledBy}
      className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200"
    >
      {rows.map((r) =>
        canEdit ? (
          <SortableReason key={r.key} reason={r} workspaceId={workspaceId} languages={languages} />
        ) : (
          <li key={r.key} className="flex flex-wrap items-center gap-3 px-3 py-2">
            <code className="w-40 shrink-0 truncate font-mono text-xs text-slate-600">{r.key}</code>
            <span className="min-w-48 flex-1 text-sm text-slate-900">{r.label}</span>
            {r.enabled ? null : <Badge>Disabled</Badge>}
          </li>
        ),
      )}
    </ul>
  );

  return (
    <>
      {canEdit ? (
        <>
          <p id="reason-order-help" className="mt-3 text-xs text-slate-600">
            Drag a reason by its handle to change the order, or focus the handle and press Space, then the
            arrow keys, then Space again.
          </p>
          <DndContext
            id="reason-order"
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{
              announcements,
              screenReaderInstructions: {
                draggable:
                  "To reorder, press Space to pick this reason up, the up and down arrow keys to move it, Space again to drop it, or Escape to cancel.",
              },
            }}
          >
            <SortableContext items={order} strategy={verticalListSortingStrategy}>
              {list}
            </SortableContext>
          </DndContext>
        </>
      ) : (
        list
      )}
      {error ? (
        <div className="mt-2">
          <FormMessage state={{ ok: false, message: error }} />
        </div>
      ) : null}
    </>
  );
}

function SortableReason({
  reason: r,
  workspaceId,
  languages,
}: {
  reason: ReasonRow;
  workspaceId: string;
  languages: ReasonLocales;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: r.key });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`flex flex-wrap items-center gap-3 bg-white px-3 py-2 ${isDragging ? "relative z-10 shadow-md" : ""}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Reorder ${r.label}`}
        className="flex h-8 w-6 shrink-0 cursor-grab touch-none items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-brand-600 active:cursor-grabbing"
      >
        <svg aria-hidden="true" viewBox="0 0 10 16" className="h-4 w-2.5 fill-current">
          <circle cx="2" cy="2" r="1.5" />
          <circle cx="8" cy="2" r="1.5" />
          <circle cx="2" cy="8" r="1.5" />
          <circle cx="8" cy="8" r="1.5" />
          <circle cx="2" cy="14" r="1.5" />
          <circle cx="8" cy="14" r="1.5" />
        </svg>
      </button>
      <code className="w-40 shrink-0 truncate font-mono text-xs text-slate-600">{r.key}</code>
      <div className="min-w-48 flex-1">
        <InlineLabel reason={r} workspaceId={workspaceId} />
      </div>
      {r.enabled ? null : <Badge>Disabled</Badge>}
      <ActionForm workspaceId={workspaceId} action={updateReasonAction} messageClassName="mt-1">
        <input type="hidden" name="key" value={r.key} />
        <input type="hidden" name="enabled" value={r.enabled ? "false" : "true"} />
        <SubmitButton variant="ghost" size="sm" aria-label={`${r.enabled ? "Disable" : "Enable"} ${r.label}`}>
          {r.enabled ? "Disable" : "Enable"}
        </SubmitButton>
      </ActionForm>
      <div className="basis-full pl-9">
        <ReasonTranslations workspaceId={workspaceId} reason={r} {...languages} />
      </div>
    </li>
  );
}

/** The label as a button; activated, a field: Enter saves, Escape (or Cancel) puts it back. */
function InlineLabel({ reason: r, workspaceId }: { reason: ReasonRow; workspaceId: string }) {
  const [editing, setEditing] = useState(false);
  const { state, formAction, formRef, errorOf } = useActionForm(updateReasonAction);
  const labelButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const id = `reason-${r.key}`;
  const error = editing ? errorOf("label") : undefined;

  // Saved: back to the label (now the new one), focus with it.
  useEffect(() => {
    if (state?.ok) {
      returnFocus.current = true;
      setEditing(false);
    }
  }, [state]);
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      labelButton.current?.focus();
    }
  }, [editing]);

  const stop = () => {
    returnFocus.current = true;
    setEditing(false);
  };

  if (!editing) {
    return (
      <button
        ref={labelButton}
        type="button"
        onClick={() => setEditing(true)}
        aria-label={`Edit label: ${r.label}`}
        className="group -mx-2 flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <span className="min-w-0 flex-1 truncate">{r.label}</span>
        <span
          aria-hidden="true"
          className="text-xs text-slate-500 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100"
        >
          Edit
        </span>
      </button>
    );
  }
  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-wrap items-start gap-2">
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <input type="hidden" name="key" value={r.key} />
      <div className="min-w-40 flex-1">
        <Input
          {...describedBy(id, error)}
          name="label"
          defaultValue={r.label}
          aria-label={`Label for ${r.key}`}
          maxLength={120}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              stop();
            }
          }}
          className="h-9"
        />
        {error ? (
          <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <SubmitButton size="sm" pendingLabel="Saving…">
        Save
      </SubmitButton>
      <Button type="button" variant="ghost" size="sm" onClick={stop}>
        Cancel
      </Button>
      {state && !state.ok && !state.fieldErrors ? (
        <div className="basis-full">
          <FormMessage state={state} />
        </div>
      ) : null}
    </form>
  );
}
