import type { PortalAttempt } from "@/lib/portal/deliveries";
import { LocalTime } from "./local-time";
import { Badge } from "./ui";

export type AttemptView = PortalAttempt;

/** Every attempt, oldest first. Response bodies are shown as text (React escapes them), never as HTML. */
export function AttemptList({ attempts }: { attempts: AttemptView[] }) {
  return (
    <ol className="divide-y divide-slate-100" data-testid="attempt-list">
      {attempts.map((a) => {
        const ok = a.status === "success";
        return (
          <li key={a.id} className="px-4 py-4 sm:px-5" data-testid="attempt">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
              <span className="text-sm font-semibold text-slate-900">Attempt {a.attemptNumber}</span>
              <Badge tone={ok ? "green" : "red"} dot>{ok ? "Succeeded" : "Failed"}</Badge>
              {a.responseStatusCode !== null && (
                <Badge tone={a.responseStatusCode < 300 ? "green" : a.responseStatusCode < 500 ? "amber" : "red"}>HTTP {a.responseStatusCode}</Badge>
              )}
              {a.responseTimeMs !== null && <span className="text-xs text-slate-500">{a.responseTimeMs} ms</span>}
              <span className="ml-auto text-xs text-slate-500"><LocalTime iso={a.createdAt} /></span>
            </div>
            {/* "HTTP 500" is already the badge: the message only when it says more (a timeout, a refused connection). */}
            {a.errorMessage && a.errorMessage !== `HTTP ${a.responseStatusCode}` && <p className="mt-2 text-sm break-words text-rose-700">{a.errorMessage}</p>}
            <p className="mt-1 truncate font-mono text-xs text-slate-500" title={a.url}>POST {a.url}</p>
            {a.responseBody !== null && a.responseBody !== "" && (
              <details className="group mt-2">
                <summary className="cursor-pointer text-xs font-medium text-primary-text select-none hover:underline">Response body</summary>
                <pre className="mt-2 max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-100" data-testid="response-body">
                  {a.responseBody}
                </pre>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
