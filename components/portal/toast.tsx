"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { CheckIcon, AlertIcon, XIcon } from "./icons";

type ToastKind = "success" | "error";
interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

const ToastContext = createContext<(kind: ToastKind, message: string) => void>(() => {});

/** Results of actions, announced politely to screen readers, dismissed after a few seconds. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback((kind: ToastKind, message: string) => {
    const id = next.current++;
    setToasts((all) => [...all.slice(-3), { id, kind, message }]);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end sm:p-6">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), toast.kind === "error" ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  const ok = toast.kind === "success";
  return (
    <div role="status" data-toast={toast.kind} className="pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg">
      <span className={ok ? "mt-0.5 text-emerald-600" : "mt-0.5 text-rose-600"}>{ok ? <CheckIcon className="size-4" /> : <AlertIcon className="size-4" />}</span>
      <p className="flex-1 text-slate-800">{toast.message}</p>
      <button type="button" onClick={() => onDismiss(toast.id)} className="rounded text-slate-400 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-500" aria-label="Dismiss">
        <XIcon className="size-4" />
      </button>
    </div>
  );
}

export function useToast() {
  const push = useContext(ToastContext);
  return { success: (m: string) => push("success", m), error: (m: string) => push("error", m) };
}
