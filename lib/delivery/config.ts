/**
 * Delivery engine settings, read from the environment on every call so a test (or an operator
 * restarting one process) can change them without touching code. Defaults are production values.
 */

function intEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

const HOUR = 3_600_000;

export const deliveryConfig = {
  /** Whole-attempt deadline: connect, headers and the captured part of the body. */
  timeoutMs: () => intEnv("NAHOOK_DELIVERY_TIMEOUT_MS", 15_000, 1),
  /** Parallel attempts per worker process. */
  concurrency: () => intEnv("NAHOOK_WORKER_CONCURRENCY", 64, 1),
  /** Most deliveries claimed by one query. */
  batchSize: () => intEnv("NAHOOK_WORKER_BATCH", 50, 1),
  /** Fallback poll when no NOTIFY arrives (scheduled retries, other processes' leases). */
  pollMs: () => intEnv("NAHOOK_WORKER_POLL_MS", 1_000, 10),
  /**
   * How long a claim stays valid. Must outlast an attempt (timeout + recording), else a slow
   * attempt could be claimed twice; a crashed worker's claims become due again after it.
   */
  leaseMs: () => intEnv("NAHOOK_WORKER_LEASE_MS", deliveryConfig.timeoutMs() + 30_000, 1_000),
  /** Upper bound for a receiver's Retry-After. */
  maxRetryAfterMs: () => intEnv("NAHOOK_RETRY_AFTER_MAX_SECONDS", 3_600) * 1000,
  /** An endpoint failing without a single success for this long is disabled. */
  failingDisableMs: () => intEnv("NAHOOK_ENDPOINT_FAILING_DISABLE_HOURS", 5 * 24) * HOUR,
  /** Both the old and the new secret sign for this long after a rotation. */
  secretGraceMs: () => intEnv("NAHOOK_SECRET_ROTATION_GRACE_SECONDS", 24 * 3_600) * 1000,
  /** Deliveries, attempts and payloads older than this are purged. */
  retentionMs: () => intEnv("NAHOOK_RETENTION_HOURS", 7 * 24, 1) * HOUR,
  /** Stored payloads older than this are cleared (never longer than the delivery history). */
  payloadRetentionMs: () => Math.min(intEnv("NAHOOK_PAYLOAD_RETENTION_HOURS", 7 * 24, 1) * HOUR, deliveryConfig.retentionMs()),
  retentionIntervalMs: () => intEnv("NAHOOK_RETENTION_INTERVAL_SECONDS", 600, 1) * 1000,
  /** Connecting (DNS + TCP + TLS) must finish within this; the whole attempt within timeoutMs. */
  connectTimeoutMs: () => Math.min(intEnv("NAHOOK_CONNECT_TIMEOUT_MS", 5_000, 1), deliveryConfig.timeoutMs()),
  /** Attempts in flight at once per endpoint, across every worker, unless the endpoint sets its own. */
  endpointMaxInFlight: () => intEnv("NAHOOK_ENDPOINT_MAX_IN_FLIGHT", 6, 1),
  /** Failed attempts in a row that open an endpoint's circuit. */
  breakerFailures: () => intEnv("NAHOOK_BREAKER_FAILURES", 5, 1),
  /** First probe interval of an open circuit; it doubles after each failed probe, up to the max. */
  breakerProbeMs: () => intEnv("NAHOOK_BREAKER_PROBE_SECONDS", 5, 1) * 1000,
  breakerMaxProbeMs: () => Math.max(intEnv("NAHOOK_BREAKER_MAX_PROBE_SECONDS", 600, 1) * 1000, deliveryConfig.breakerProbeMs()),
  /** Bytes of a receiver's response body kept on the attempt. */
  responseCaptureBytes: 16 * 1024,
};

/** NOTIFY channel that wakes workers when deliveries become due. */
export const DELIVERY_CHANNEL = "nahook_deliveries";
