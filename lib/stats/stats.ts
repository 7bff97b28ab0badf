import { db, Prisma } from "@/lib/db/client";
import { addHistograms, emptyHistogram, percentile } from "./buckets";

export const STATS_WINDOWS = {
  "24h": { label: "Last 24 hours", spanHours: 24, binHours: 1 },
  "7d": { label: "Last 7 days", spanHours: 168, binHours: 4 },
} as const;
export type StatsWindow = keyof typeof STATS_WINDOWS;

export const isStatsWindow = (value: string): value is StatsWindow => Object.hasOwn(STATS_WINDOWS, value);

export interface StatsBin {
  /** Start of the bin (ISO, UTC-aligned). */
  start: string;
  attempts: number;
  succeeded: number;
  failed: number;
  /** succeeded / attempts, 0–1; null when there were no attempts. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface DeliveryStats {
  window: StatsWindow;
  binHours: number;
  from: string;
  to: string;
  bins: StatsBin[];
  totals: Omit<StatsBin, "start">;
}

function summarise(attempts: number, succeeded: number, histogram: number[]): Omit<StatsBin, "start"> {
  return {
    attempts,
    succeeded,
    failed: attempts - succeeded,
    successRate: attempts === 0 ? null : succeeded / attempts,
    p50Ms: percentile(histogram, 50),
    p95Ms: percentile(histogram, 95),
  };
}

/**
 * Attempt volume, success rate and latency percentiles of an application (or one of its
 * endpoints) over a window, from the hourly rollup: at most 168 small rows per endpoint, read
 * through (applicationId, hour) or the (endpointId, hour) key, whatever the delivery volume.
 */
export async function deliveryStats(opts: { workspaceId: string; applicationId: string; endpointId?: string; window: StatsWindow; now?: Date }): Promise<DeliveryStats> {
  const { spanHours, binHours } = STATS_WINDOWS[opts.window];
  const binMs = binHours * 3_600_000;
  const now = opts.now ?? new Date();
  // The last bin holds the current hour; bins are aligned on UTC multiples of their width.
  const lastStart = Math.floor(now.getTime() / binMs) * binMs;
  const binCount = spanHours / binHours;
  const firstStart = lastStart - (binCount - 1) * binMs;

  const rows = await db.$queryRaw<{ hour: Date; attempts: number; succeeded: number; latencyBuckets: number[] }[]>`
    SELECT hour, attempts, succeeded, "latencyBuckets" FROM delivery_stats_hourly
    WHERE "workspaceId" = ${opts.workspaceId} AND "applicationId" = ${opts.applicationId}
      ${opts.endpointId ? Prisma.sql`AND "endpointId" = ${opts.endpointId}` : Prisma.empty}
      AND hour >= ${new Date(firstStart)}`;

  const bins = Array.from({ length: binCount }, () => ({ attempts: 0, succeeded: 0, histogram: emptyHistogram() }));
  const total = { attempts: 0, succeeded: 0, histogram: emptyHistogram() };
  for (const row of rows) {
    const index = Math.floor((row.hour.getTime() - firstStart) / binMs);
    if (index < 0 || index >= binCount) continue;
    for (const target of [bins[index], total]) {
      target.attempts += row.attempts;
      target.succeeded += row.succeeded;
      addHistograms(target.histogram, row.latencyBuckets);
    }
  }
  return {
    window: opts.window,
    binHours,
    from: new Date(firstStart).toISOString(),
    to: now.toISOString(),
    bins: bins.map((b, i) => ({ start: new Date(firstStart + i * binMs).toISOString(), ...summarise(b.attempts, b.succeeded, b.histogram) })),
    totals: summarise(total.attempts, total.succeeded, total.histogram),
  };
}

/** The window's totals per endpoint of the application (the activity page's table). */
export async function deliveryStatsByEndpoint(opts: { workspaceId: string; applicationId: string; window: StatsWindow; now?: Date }) {
  const { spanHours, binHours } = STATS_WINDOWS[opts.window];
  const binMs = binHours * 3_600_000;
  const lastStart = Math.floor((opts.now ?? new Date()).getTime() / binMs) * binMs;
  const firstStart = lastStart - (spanHours / binHours - 1) * binMs;
  const rows = await db.$queryRaw<{ endpointId: string; attempts: number; succeeded: number; latencyBuckets: number[] }[]>`
    SELECT "endpointId", attempts, succeeded, "latencyBuckets" FROM delivery_stats_hourly
    WHERE "workspaceId" = ${opts.workspaceId} AND "applicationId" = ${opts.applicationId} AND hour >= ${new Date(firstStart)}`;
  const byEndpoint = new Map<string, { attempts: number; succeeded: number; histogram: number[] }>();
  for (const row of rows) {
    let acc = byEndpoint.get(row.endpointId);
    if (!acc) byEndpoint.set(row.endpointId, (acc = { attempts: 0, succeeded: 0, histogram: emptyHistogram() }));
    acc.attempts += row.attempts;
    acc.succeeded += row.succeeded;
    addHistograms(acc.histogram, row.latencyBuckets);
  }
  return new Map([...byEndpoint].map(([id, a]) => [id, summarise(a.attempts, a.succeeded, a.histogram)]));
}
