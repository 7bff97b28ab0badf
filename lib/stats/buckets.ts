/**
 * Attempt latency histogram shared by the rollup writer (SQL) and the readers (percentiles).
 * Bucket i holds durations in [BOUNDS[i-1], BOUNDS[i]) ms; the last one is open-ended. Percentiles
 * from it are estimates (linear inside a bucket), good to a few per cent at these widths, which is
 * what a chart needs and what lets one small row per endpoint-hour replace a scan of attempts.
 */
export const LATENCY_BOUNDS_MS = [10, 25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2500, 5000, 10000, 20000] as const;
export const BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

/** SQL: the 0-based bucket of an integer ms expression (NULL stays NULL). */
export function bucketSql(ms: string): string {
  return `width_bucket(${ms}, ARRAY[${LATENCY_BOUNDS_MS.join(",")}]::int[])`;
}

/** SQL: an aggregate int[] of per-bucket counts over the grouped rows' `ms`. */
export function histogramAggSql(ms: string): string {
  const cells = Array.from({ length: BUCKET_COUNT }, (_, i) => `(count(*) FILTER (WHERE ${bucketSql(ms)} = ${i}))::int`);
  return `ARRAY[${cells.join(", ")}]`;
}

/** Element-wise sum of histograms (arrays may be empty or of another length after a change). */
export function addHistograms(target: number[], add: readonly number[]): number[] {
  for (let i = 0; i < BUCKET_COUNT; i++) target[i] = (target[i] ?? 0) + (add[i] ?? 0);
  return target;
}

export const emptyHistogram = () => new Array<number>(BUCKET_COUNT).fill(0);

/** The p-th percentile (0–100) of a histogram, interpolated inside its bucket; null when empty. */
export function percentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let seen = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const n = histogram[i] ?? 0;
    if (n === 0) continue;
    if (seen + n >= rank) {
      const low = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      // The open-ended top bucket reports its lower bound: "at least this slow".
      if (i === BUCKET_COUNT - 1) return low;
      const high = LATENCY_BOUNDS_MS[i];
      return Math.round(low + ((rank - seen) / n) * (high - low));
    }
    seen += n;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
