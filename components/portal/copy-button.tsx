"use client";

import { useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";
import { cx } from "./ui";

/**
 * Copies a value; the label names what is copied for screen readers ("Copy endpoint id").
 * Large values are not embedded a second time in the page: `fromElement` copies the text an
 * element already shows, `fromUrl` fetches it when clicked (same-origin, with the cookie).
 */
export function CopyButton({ value: given, fromElement, fromUrl, label, className, showText }: {
  value?: string; fromElement?: string; fromUrl?: string; label: string; className?: string; showText?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    let value = given ?? "";
    if (fromUrl) {
      const res = await fetch(fromUrl, { credentials: "same-origin", cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      value = await res.text();
    } else if (fromElement) {
      value = document.getElementById(fromElement)?.textContent ?? "";
    }
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API unavailable (plain http on a non-localhost host): fall back to a selection copy.
      const area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={label}
      className={cx(
        "inline-flex shrink-0 items-center gap-1 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-500",
        className,
      )}
    >
      {copied ? <CheckIcon className="size-4 text-emerald-600" /> : <CopyIcon className="size-4" />}
      {showText && <span className="text-xs font-medium">{copied ? "Copied" : "Copy"}</span>}
      <span className="sr-only" aria-live="polite">{copied ? "Copied" : ""}</span>
    </button>
  );
}

/** An id in monospace with a copy button next to it. */
export function CopyableId({ value, label }: { value: string; label: string }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1">
      <code className="truncate font-mono text-[0.8125rem] text-slate-700">{value}</code>
      <CopyButton value={value} label={label} />
    </span>
  );
}
