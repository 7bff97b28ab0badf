"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { buttonClass } from "./ui";

/**
 * A modal confirmation on the native <dialog>: focus is trapped and Escape cancels, for free.
 * The caller names what is about to happen in `title` and `children`.
 */
export function ConfirmDialog({
  open, title, children, confirmLabel, tone = "danger", busy, onConfirm, onCancel,
}: {
  open: boolean; title: string; children: ReactNode; confirmLabel: string; tone?: "danger" | "primary"; busy?: boolean;
  onConfirm: () => void; onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="p-5 sm:p-6">
        <h2 id={titleId} className="text-base font-semibold">{title}</h2>
        <div className="mt-2 text-sm text-slate-600">{children}</div>
      </div>
      <div className="flex flex-col-reverse gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3 sm:flex-row sm:justify-end sm:px-6">
        <button type="button" className={buttonClass("secondary")} onClick={onCancel} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className={buttonClass(tone)} onClick={onConfirm} disabled={busy}>
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
