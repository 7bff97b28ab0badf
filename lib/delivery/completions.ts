import type pg from "pg";
import { completeAttempt, recordAttempts, type AttemptRecord } from "./queue";

/**
 * Group commit for attempt outcomes: while writes are in flight (at most two), finished
 * attempts queue up and go out together in the next statement. Idle, an outcome is written at once; busy, a
 * worker writes dozens per round trip. Outcomes that disable an endpoint take their own
 * transaction (rare, and audited).
 */
export const COMPLETION_BATCH = 200;

export function completionBatcher(pool: pg.Pool, maxBatch = COMPLETION_BATCH, maxInFlight = 2) {
  let queue: { record: AttemptRecord; resolve: (held: boolean) => void; reject: (error: unknown) => void }[] = [];
  let writing = 0;

  const flush = async () => {
    if (writing >= maxInFlight || queue.length === 0) return;
    writing++;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    try {
      const held = await recordAttempts(batch.map((b) => b.record), pool);
      for (const b of batch) b.resolve(held.has(b.record.deliveryId));
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      writing--;
      void flush();
    }
  };

  return {
    complete(record: AttemptRecord): Promise<boolean> {
      if (record.disable) return completeAttempt(record, pool);
      return new Promise((resolve, reject) => {
        queue.push({ record, resolve, reject });
        void flush();
      });
    },
  };
}
