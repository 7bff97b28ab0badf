"use client";

import { useEffect, useState } from "react";
import { ClockIcon } from "./icons";
import { cx } from "./ui";

/**
 * When the session ends, in the reader's clock, with a live countdown. At zero the portal moves to
 * the "session ended" page instead of letting the next click fail.
 */
export function SessionTimer({ expiresAt }: { expiresAt: string }) {
  const end = new Date(expiresAt).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const remaining = now === null ? null : end - now;
  useEffect(() => {
    if (remaining !== null && remaining <= 0) window.location.assign("/portal/ended");
  }, [remaining]);
  const minutes = remaining === null ? null : Math.max(0, Math.ceil(remaining / 60_000));
  const clock = now === null ? null : new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }).format(new Date(end));
  const soon = minutes !== null && minutes <= 5;
  return (
    <span
      className={cx("inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium", soon ? "bg-amber-50 text-amber-800" : "text-slate-500")}
      title={`Session ends at ${expiresAt}`}
      data-testid="session-expiry"
    >
      <ClockIcon className="size-3.5" />
      <time dateTime={expiresAt}>
        {minutes === null ? "Session active" : (
          <>
            <span className="hidden sm:inline">Session ends {clock} · </span>
            {minutes} min<span className="hidden sm:inline"> left</span>
          </>
        )}
      </time>
    </span>
  );
}
