"use client";

import { AlertIcon } from "@/components/portal/icons";
import { buttonClass, EmptyState } from "@/components/portal/ui";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white">
      <EmptyState
        page
        icon={<AlertIcon />}
        title="Something went wrong"
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <button type="button" onClick={reset} className={buttonClass("primary")}>Try again</button>
            <a href="/portal" className={buttonClass("secondary")}>Back to endpoints</a>
          </div>
        }
      >
        <p>We couldn&apos;t load this page. Your data is safe — try again in a moment.</p>
        {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">Reference: {error.digest}</p>}
      </EmptyState>
    </div>
  );
}
