"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { RecoverJobDto } from "@/lib/recovery/recover-jobs";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

const PRESETS: [string, number][] = [["1 hour ago", 1], ["6 hours ago", 6], ["24 hours ago", 24], ["3 days ago", 72], ["7 days ago", 167]];

function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const unfinished = (job: RecoverJobDto | null) => job !== null && (job.status === "queued" || job.status === "running");

/**
 * "Retry every failed or dead-lettered delivery of this endpoint since …": starts a background
 * job and polls its progress until it finishes. Starting again while one runs returns that one.
 */
export function RecoverPanel({ endpointId, initialJob, disabled, waiting }: {
  endpointId: string;
  initialJob: RecoverJobDto | null;
  disabled: boolean;
  /** Deliveries still waiting for an automatic attempt: a recover leaves them to their schedule. */
  waiting: { count: number; capped: boolean };
}) {
  const waitingText = `${waiting.count.toLocaleString("en-US")}${waiting.capped ? "+" : ""} ${waiting.count === 1 ? "delivery is" : "deliveries are"}`;
  const router = useRouter();
  const toast = useToast();
  const id = useId();
  const sinceRef = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<RecoverJobDto | null>(initialJob);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (sinceRef.current && !sinceRef.current.value) sinceRef.current.value = localInput(new Date(Date.now() - 24 * 3_600_000));
  }, []);

  // Poll while the job runs: every second, bounded by the job finishing or the page closing.
  const jobId = job?.id;
  const running = unfinished(job);
  useEffect(() => {
    if (!running || !jobId) return;
    let stop = false;
    const timer = setInterval(async () => {
      const response = await fetch(`/portal/api/endpoints/${endpointId}/recover/${jobId}`, { cache: "no-store", credentials: "same-origin" }).catch(() => null);
      if (stop || !response?.ok) return;
      const next = (await response.json()) as RecoverJobDto;
      setJob(next);
      if (!unfinished(next)) router.refresh();
    }, 1000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [running, jobId, endpointId, router]);

  async function start(form: HTMLFormElement) {
    const value = String(new FormData(form).get("since") ?? "");
    const since = value ? new Date(value) : null;
    if (!since || Number.isNaN(since.getTime())) return toast.error("Choose a start time");
    setBusy(true);
    const result = await portalFetch<RecoverJobDto>("POST", `/portal/api/endpoints/${endpointId}/recover`, { since: since.toISOString() });
    setBusy(false);
    if (!result.ok) return toast.error(result.error.message);
    setJob(result.data);
    toast.success(
      result.data.total > 0 ? "Retrying failed deliveries in the background"
      : waiting.count > 0 ? `Nothing failed for good in that period; ${waitingText} still being retried automatically`
      : "Nothing to retry in that period",
    );
  }

  const percent = job && job.total > 0 ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 100;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Server was down? Send every failed or dead-lettered delivery again, from a moment you choose up to now (within the last 7 days). Each one is sent again right away with its original webhook-id; one that fails again continues its retry schedule.
      </p>
      {waiting.count > 0 && (
        <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="recover-waiting">
          {waitingText} still waiting for an automatic retry. They are not part of a recover: they go out by themselves as soon as your endpoint accepts them again.
        </p>
      )}
      <form onSubmit={(e) => { e.preventDefault(); void start(e.currentTarget); }} className="space-y-3">
        <div>
          <label htmlFor={`${id}-since`} className="block text-xs font-medium text-slate-600">Retry failures since</label>
          <input ref={sinceRef} id={`${id}-since`} name="since" type="datetime-local" required
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-500" />
          <div className="mt-2 flex flex-wrap gap-1.5">
            {PRESETS.map(([label, hours]) => (
              <button key={hours} type="button" className={buttonClass("ghost", "sm")}
                onClick={() => { if (sinceRef.current) sinceRef.current.value = localInput(new Date(Date.now() - hours * 3_600_000)); }}>
                {label}
              </button>
            ))}
          </div>
        </div>
        <button type="submit" className={buttonClass("primary")} disabled={busy || running || disabled}>
          {running ? "Retry in progress…" : busy ? "Starting…" : "Retry failed deliveries"}
        </button>
        {disabled && <p className="text-xs text-slate-500">Enable the endpoint first.</p>}
      </form>
      {job && (
        <div className="rounded-lg border border-slate-200 p-3" data-testid="recover-job" data-status={job.status} aria-live="polite">
          <div className="flex items-center justify-between text-xs font-medium text-slate-600">
            <span>{running ? "Retrying…" : job.status === "completed" ? "Last retry finished" : "Last retry failed"}</span>
            <span className="tabular-nums">{job.processed} / {Math.max(job.total, job.processed)}</span>
          </div>
          <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Retry progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="h-full rounded-full bg-indigo-500 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            {job.requeued} re-sent{job.skipped > 0 ? `, ${job.skipped} skipped (payload no longer stored)` : ""}.
          </p>
        </div>
      )}
    </div>
  );
}
