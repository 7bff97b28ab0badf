import client from "prom-client";

/**
 * This process's Prometheus metrics. Label sets are small and fixed — operation, HTTP status,
 * attempt outcome — never an endpoint, application or workspace: a scrape stays a few kilobytes
 * whatever the tenants, and it names none of them.
 */
interface Metrics {
  registry: client.Registry;
  ingestRequests: client.Counter<"operation" | "status">;
  ingestDuration: client.Histogram<"operation">;
  enqueued: client.Counter;
  enqueueStatements: client.Counter;
  attempts: client.Counter<"outcome">;
  attemptDuration: client.Histogram<"result">;
}

const globalForMetrics = globalThis as unknown as { nahookMetrics?: Metrics };

export function metrics(): Metrics {
  if (globalForMetrics.nahookMetrics) return globalForMetrics.nahookMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const m: Metrics = {
    registry,
    ingestRequests: new client.Counter({
      name: "nahook_ingest_requests_total",
      help: "Ingestion API requests by operation and HTTP status",
      labelNames: ["operation", "status"],
      registers: [registry],
    }),
    ingestDuration: new client.Histogram({
      name: "nahook_ingest_request_duration_seconds",
      help: "Ingestion API time from routing to answer (authentication, parsing, durable write)",
      labelNames: ["operation"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    enqueued: new client.Counter({ name: "nahook_deliveries_enqueued_total", help: "Deliveries written by ingestion (sends, triggers, batches)", registers: [registry] }),
    enqueueStatements: new client.Counter({
      name: "nahook_enqueue_statements_total",
      help: "Ingestion write statements (one per group commit or batch): enqueued / statements is the grouping factor",
      registers: [registry],
    }),
    attempts: new client.Counter({
      name: "nahook_delivery_attempts_total",
      help: "Recorded delivery attempts by the delivery's resulting status (delivered, scheduled_retry, failed, dead_letter)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    attemptDuration: new client.Histogram({
      name: "nahook_delivery_attempt_duration_seconds",
      help: "Attempt time from request start to the receiver's answer (or the error), by success or failure",
      labelNames: ["result"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
  globalForMetrics.nahookMetrics = m;
  return m;
}

/** Known operations only, so a label can never carry a caller's path. */
const INGEST_OPERATIONS = new Set(["send", "trigger", "send_batch", "trigger_batch"]);

export function observeIngest(operation: string, status: number, seconds: number): void {
  const op = INGEST_OPERATIONS.has(operation) ? operation : "other";
  const m = metrics();
  m.ingestRequests.inc({ operation: op, status: String(status) });
  m.ingestDuration.observe({ operation: op }, seconds);
}

export function observeEnqueue(deliveries: number): void {
  const m = metrics();
  m.enqueueStatements.inc();
  if (deliveries > 0) m.enqueued.inc(deliveries);
}

export function observeAttempts(records: { deliveryId: string; status: string; success: boolean; responseTimeMs: number | null }[], recorded: Set<string>): void {
  const m = metrics();
  // One increment per outcome and batch: labels are hashed on every call.
  const outcomes = new Map<string, number>();
  for (const r of records) {
    if (!recorded.has(r.deliveryId)) continue;
    outcomes.set(r.status, (outcomes.get(r.status) ?? 0) + 1);
    if (r.responseTimeMs !== null) m.attemptDuration.observe({ result: r.success ? "success" : "failure" }, r.responseTimeMs / 1000);
  }
  for (const [outcome, n] of outcomes) m.attempts.inc({ outcome }, n);
}
