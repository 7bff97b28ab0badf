import client from "prom-client";
import { queuePool, type Queryable } from "@/lib/db/pg";

/**
 * Queue gauges, read from PostgreSQL by the process answering the scrape (never summed across
 * processes). One indexed query, cached for a few seconds so frequent scrapes cost nothing.
 */
const CACHE_MS = 5_000;

interface QueueSnapshot {
  due: number;
  scheduled: number;
  inFlight: number;
  oldestDueAgeSeconds: number;
}

let cached: { at: number; value: Promise<QueueSnapshot> } | null = null;

/** The queue's depth, read from `q`. Exported for tests, which read a database of their own. */
export async function readQueueSnapshot(q: Queryable): Promise<QueueSnapshot> {
  const {
    rows: [r],
  } = await q.query<{ due: string; scheduled: string; in_flight: string; oldest: number | null }>({
    name: "nahook_metrics_queue",
    // nextAttemptAt is non-null exactly while a delivery waits: one pass over the queue's
    // partial index (waiting deliveries only), and one over the in-flight one.
    text: `SELECT q.due, q.scheduled, q.oldest,
       (SELECT count(*) FROM deliveries WHERE status = 'delivering') AS in_flight
     FROM (SELECT count(*) FILTER (WHERE "nextAttemptAt" <= now()) AS due,
                  count(*) FILTER (WHERE "nextAttemptAt" > now()) AS scheduled,
                  EXTRACT(EPOCH FROM now() - min("nextAttemptAt") FILTER (WHERE "nextAttemptAt" <= now()))::float8 AS oldest
           FROM deliveries WHERE "nextAttemptAt" IS NOT NULL) q`,
  });
  return { due: Number(r.due), scheduled: Number(r.scheduled), inFlight: Number(r.in_flight), oldestDueAgeSeconds: Math.max(0, r.oldest ?? 0) };
}

function snapshot(): Promise<QueueSnapshot> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = readQueueSnapshot(queuePool());
  cached = { at: Date.now(), value };
  value.catch(() => (cached = null));
  return value;
}

let registry: client.Registry | null = null;

export function queueRegistry(): client.Registry {
  if (registry) return registry;
  registry = new client.Registry();
  const gauge = (name: string, help: string, pick: (s: QueueSnapshot) => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry!],
      async collect() {
        this.set(pick(await snapshot()));
      },
    });
  gauge("nahook_queue_due", "Deliveries due now and not yet claimed (queue depth)", (s) => s.due);
  gauge("nahook_queue_scheduled", "Deliveries waiting for a later retry", (s) => s.scheduled);
  gauge("nahook_queue_in_flight", "Deliveries claimed by a worker (attempt under way)", (s) => s.inFlight);
  gauge("nahook_queue_oldest_due_age_seconds", "How long the oldest due delivery has been waiting (0 when none is due)", (s) => s.oldestDueAgeSeconds);
  return registry;
}
