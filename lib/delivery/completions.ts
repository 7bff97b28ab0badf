import { completeAttempt, recordAttempts, type AttemptRecord } from "./queue";
import { queuePool } from "./pg";

/**
 * Group commit for attempt outcomes: while one write is in flight, finished attempts queue up
 * and go out together in the next statement. Idle, an outcome is written at once; busy, a
 * worker writes dozens per round trip. Outcomes that disable an endpoint take their own
 * transaction (rare, and audited).
 */
export function completionBatcher(maxBatch = 200) {
  let queue: { record: AttemptRecord; resolve: (held: boolean) => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  const flush = async () => {
    if (writing || queue.length === 0) return;
    writing = true;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    try {
      const held = await recordAttempts(batch.map((b) => b.record), queuePool());
      for (const b of batch) b.resolve(held.has(b.record.deliveryId));
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      writing = false;
      void flush();
    }
  };

  return {
    complete(record: AttemptRecord): Promise<boolean> {
      if (record.disable) return completeAttempt(record);
      return new Promise((resolve, reject) => {
        queue.push({ record, resolve, reject });
        void flush();
      });
    },
  };
}

export type CompletionBatcher = ReturnType<typeof completionBatcher>;
