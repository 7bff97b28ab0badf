import os from "node:os";
import { z } from "zod";

/**
 * The one reader of the environment (svix's cfg.rs, in zod): every setting Nahook understands is
 * declared here once with its default, parsed once per process, and read through `config()`.
 * A misspelt NAHOOK_* name or an unusable value stops start-up with a message naming the variable,
 * instead of silently falling back to a default. NAHOOK_TEST_* names belong to the test harness.
 */

const HOUR_MS = 3_600_000;

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((value) => value ?? fallback);

const optionalInt = (min: number) =>
  z.string().trim().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int().min(min, `must be at least ${min}`)).optional();

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "on", "off", "yes", "no"], { error: "must be true or false (or on/off)" })
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "on", "yes"].includes(value)));

const text = z.string().trim().min(1, "must not be empty").optional();

const list = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined ? fallback : value.split(",").map((part) => part.trim().toLowerCase()).filter(Boolean)));

const baseUrl = z
  .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
  .transform((value) => value.replace(/\/+$/, ""))
  .optional();

export const DEFAULT_RETRY_SCHEDULE_SECONDS = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

const retrySchedule = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === "") return DEFAULT_RETRY_SCHEDULE_SECONDS;
    const parts = value.split(",").map((part) => part.trim());
    if (parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) {
      ctx.addIssue({ code: "custom", message: "must be comma-separated seconds, e.g. 0,5,300" });
      return z.NEVER;
    }
    return parts.map(Number);
  });

const secret = z.string().min(32, "must be at least 32 characters").optional();

/** Every variable, as the operator writes it. The README's configuration table mirrors this. */
const environmentSchema = z.object({
  DATABASE_URL: text,
  NAHOOK_DATA_DIR: z.string().trim().min(1).default(".nahook"),
  PORTAL_BASE_URL: baseUrl,
  NAHOOK_PUBLIC_URL: baseUrl,
  NAHOOK_TRUST_PROXY_HOPS: int(0, 0, 10),
  NAHOOK_ENCRYPTION_KEY: text,
  NAHOOK_ENCRYPTION_KEYS_OLD: text,
  NAHOOK_ENCRYPTION_KEY_FILE: text,
  NAHOOK_REGION: z.string().regex(/^[a-z]{2,8}$/, "must be 2-8 lowercase letters").default("us"),
  NAHOOK_MAX_BODY_BYTES: int(256 * 1024, 1024),
  NAHOOK_RATE_LIMIT: int(1000, 1),
  NAHOOK_RATE_LIMIT_FREE: optionalInt(1),
  NAHOOK_RATE_LIMIT_PRO: optionalInt(1),
  NAHOOK_RATE_LIMIT_ENTERPRISE: optionalInt(1),
  NAHOOK_INGEST_RATE_LIMIT: optionalInt(1),
  NAHOOK_INGEST_RATE_LIMIT_FREE: optionalInt(1),
  NAHOOK_INGEST_RATE_LIMIT_PRO: optionalInt(1),
  NAHOOK_INGEST_RATE_LIMIT_ENTERPRISE: optionalInt(1),
  NAHOOK_RATE_LIMIT_WINDOW_SECONDS: int(60, 1),
  NAHOOK_SESSION_SECRET: secret,
  NAHOOK_CURSOR_SECRET: secret,
  NAHOOK_ALLOW_PRIVATE_NETWORKS: flag(false),
  NAHOOK_SLACK_WEBHOOK_HOSTS: list(["hooks.slack.com"]),
  NAHOOK_DB_POOL_SIZE: int(10, 1, 1000),
  NAHOOK_QUEUE_POOL_SIZE: int(10, 1, 1000),
  NAHOOK_WORKER_POOL_SIZE: int(6, 1, 1000),
  NAHOOK_WORKER: flag(true),
  NAHOOK_WORKER_CONCURRENCY: int(64, 1, 10_000),
  NAHOOK_WORKER_BATCH: int(50, 1, 10_000),
  NAHOOK_WORKER_PREFETCH: int(2, 1, 8),
  NAHOOK_WORKER_PREFETCH_FEW: int(8, 1, 32),
  NAHOOK_WORKER_POLL_MS: int(1_000, 10),
  NAHOOK_WORKER_LEASE_MS: optionalInt(1_000),
  NAHOOK_DELIVERY_TIMEOUT_MS: int(15_000, 1),
  NAHOOK_CONNECT_TIMEOUT_MS: int(5_000, 1),
  NAHOOK_ENDPOINT_MAX_IN_FLIGHT: int(6, 1, 100),
  NAHOOK_BREAKER_FAILURES: int(5, 1),
  NAHOOK_BREAKER_PROBE_SECONDS: int(5, 1),
  NAHOOK_BREAKER_MAX_PROBE_SECONDS: int(600, 1),
  NAHOOK_RETRY_SCHEDULE: retrySchedule,
  NAHOOK_RETRY_AFTER_MAX_SECONDS: int(3_600),
  NAHOOK_ENDPOINT_FAILING_DISABLE_HOURS: int(5 * 24),
  NAHOOK_SECRET_ROTATION_GRACE_SECONDS: int(24 * 3_600),
  NAHOOK_RETENTION_HOURS: int(7 * 24, 1),
  NAHOOK_PAYLOAD_RETENTION_HOURS: int(7 * 24, 1),
  NAHOOK_RETENTION_INTERVAL_SECONDS: int(600, 1),
  NAHOOK_RETENTION: flag(true),
  NAHOOK_SKIP_BUILD: flag(false),
  NAHOOK_TEST_HOOKS: flag(false),
  NAHOOK_GROUP_COMMIT: flag(true),
  NAHOOK_WEB_PROCESSES: optionalInt(1).pipe(z.number().max(64, "must be at most 64").optional()),
  NAHOOK_METRICS_TOKEN: z.string().trim().min(16, "must be at least 16 characters").optional(),
  NAHOOK_METRICS_PORT: optionalInt(1).pipe(z.number().max(65_535, "must be at most 65535").optional()),
  NAHOOK_METRICS_HOST: z.string().trim().min(1).default("127.0.0.1"),
});

/**
 * Web processes when NAHOOK_WEB_PROCESSES is unset: one per core beyond the first, at least one.
 * The web tier shares the machine with PostgreSQL and the delivery worker; measured on a 2-core
 * machine (README, Performance), a second web process gained nothing because PostgreSQL and the
 * worker already need the second core, so two cores get one.
 */
export function defaultWebProcesses(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, 16));
}

type Environment = z.output<typeof environmentSchema>;

function settings(env: Environment) {
  const timeoutMs = env.NAHOOK_DELIVERY_TIMEOUT_MS;
  const retentionMs = env.NAHOOK_RETENTION_HOURS * HOUR_MS;
  return {
    databaseUrl: env.DATABASE_URL,
    dataDir: env.NAHOOK_DATA_DIR,
    /** Origin of portal links (`…/s/{code}`) when the portal has its own host. */
    portalBaseUrl: env.PORTAL_BASE_URL,
    /** The service's public base URL (links, OpenAPI server, Origin checks); see lib/http/public-origin.ts. */
    publicUrl: env.NAHOOK_PUBLIC_URL,
    /** Reverse proxies in front whose X-Forwarded-Proto/-Host are believed (0: none). */
    trustProxyHops: env.NAHOOK_TRUST_PROXY_HOPS,
    /** Credentials at rest (lib/crypto/keyring.ts): the current key, decrypt-only keys, or a key file. */
    encryption: {
      key: env.NAHOOK_ENCRYPTION_KEY,
      oldKeys: (env.NAHOOK_ENCRYPTION_KEYS_OLD ?? "").split(",").map((k) => k.trim()).filter(Boolean),
      keyFile: env.NAHOOK_ENCRYPTION_KEY_FILE,
    },
    region: env.NAHOOK_REGION,
    maxBodyBytes: env.NAHOOK_MAX_BODY_BYTES,
    rateLimit: {
      windowMs: env.NAHOOK_RATE_LIMIT_WINDOW_SECONDS * 1000,
      /** Requests per window and credential, by plan: management tokens and ingestion keys. */
      management: {
        free: env.NAHOOK_RATE_LIMIT_FREE ?? env.NAHOOK_RATE_LIMIT,
        pro: env.NAHOOK_RATE_LIMIT_PRO ?? env.NAHOOK_RATE_LIMIT,
        enterprise: env.NAHOOK_RATE_LIMIT_ENTERPRISE ?? env.NAHOOK_RATE_LIMIT,
      },
      ingestion: {
        free: env.NAHOOK_INGEST_RATE_LIMIT_FREE ?? env.NAHOOK_INGEST_RATE_LIMIT ?? 6_000,
        pro: env.NAHOOK_INGEST_RATE_LIMIT_PRO ?? env.NAHOOK_INGEST_RATE_LIMIT ?? 60_000,
        enterprise: env.NAHOOK_INGEST_RATE_LIMIT_ENTERPRISE ?? env.NAHOOK_INGEST_RATE_LIMIT ?? 300_000,
      },
    },
    sessionSecret: env.NAHOOK_SESSION_SECRET,
    cursorSecret: env.NAHOOK_CURSOR_SECRET,
    allowPrivateNetworks: env.NAHOOK_ALLOW_PRIVATE_NETWORKS,
    slackWebhookHosts: env.NAHOOK_SLACK_WEBHOOK_HOSTS,
    pools: { prisma: env.NAHOOK_DB_POOL_SIZE, queue: env.NAHOOK_QUEUE_POOL_SIZE, worker: env.NAHOOK_WORKER_POOL_SIZE },
    runWorker: env.NAHOOK_WORKER,
    /** Concurrent single sends share one statement and commit (off: one statement each). */
    groupCommit: env.NAHOOK_GROUP_COMMIT,
    /** Web server processes of `npm start` (node:cluster, one shared port). */
    webProcesses: env.NAHOOK_WEB_PROCESSES ?? defaultWebProcesses(),
    /** Bearer token for GET /metrics; without one the endpoint does not exist (404). */
    metricsToken: env.NAHOOK_METRICS_TOKEN,
    /** `npm run worker` serves /metrics on this port when set. */
    metricsPort: env.NAHOOK_METRICS_PORT,
    metricsHost: env.NAHOOK_METRICS_HOST,
    skipBuild: env.NAHOOK_SKIP_BUILD,
    /** Test servers only: lets a request lower its credential's rate limit (x-nahook-test-rate-limit). */
    testHooks: env.NAHOOK_TEST_HOOKS,
    delivery: {
      /** Whole-attempt deadline: connect, headers and the captured part of the body. */
      timeoutMs,
      /** Connecting (DNS + TCP + TLS) must finish within this, inside the whole-attempt deadline. */
      connectTimeoutMs: Math.min(env.NAHOOK_CONNECT_TIMEOUT_MS, timeoutMs),
      /** Attempts in flight at once per endpoint, across every worker, unless the endpoint sets its own. */
      endpointMaxInFlight: env.NAHOOK_ENDPOINT_MAX_IN_FLIGHT,
      /** Circuit breaker: failures in a row that open it; first probe interval, doubling up to the max. */
      breaker: {
        failures: env.NAHOOK_BREAKER_FAILURES,
        probeMs: env.NAHOOK_BREAKER_PROBE_SECONDS * 1000,
        maxProbeMs: Math.max(env.NAHOOK_BREAKER_MAX_PROBE_SECONDS, env.NAHOOK_BREAKER_PROBE_SECONDS) * 1000,
      },
      /** Parallel attempts per worker process. */
      concurrency: env.NAHOOK_WORKER_CONCURRENCY,
      /** Most deliveries claimed by one query. */
      batchSize: env.NAHOOK_WORKER_BATCH,
      /** How many times its cap a healthy endpoint may be claimed while little waits (worker.ts, prefetchCaps). */
      prefetchCaps: env.NAHOOK_WORKER_PREFETCH,
      /**
       * The deepest prefetch, in caps, when so few endpoints wait that the claim's batch split
       * between them is more than `prefetchCaps` of each (fair-claim.ts, "depth", which never
       * goes below `prefetchCaps`).
       */
      prefetchFewCaps: env.NAHOOK_WORKER_PREFETCH_FEW,
      /** Fallback poll when no NOTIFY arrives (scheduled retries, other processes' leases). */
      pollMs: env.NAHOOK_WORKER_POLL_MS,
      /**
       * How long a claim stays valid. Must outlast an attempt (timeout + recording), else a slow
       * attempt could be claimed twice; a crashed worker's claims become due again after it.
       */
      leaseMs: env.NAHOOK_WORKER_LEASE_MS ?? timeoutMs + 30_000,
      retryScheduleSeconds: env.NAHOOK_RETRY_SCHEDULE,
      /** Upper bound for a receiver's Retry-After. */
      maxRetryAfterMs: env.NAHOOK_RETRY_AFTER_MAX_SECONDS * 1000,
      /** An endpoint failing without a single success for this long is disabled. */
      failingDisableMs: env.NAHOOK_ENDPOINT_FAILING_DISABLE_HOURS * HOUR_MS,
      /** Both the old and the new secret sign for this long after a rotation. */
      secretGraceMs: env.NAHOOK_SECRET_ROTATION_GRACE_SECONDS * 1000,
      /** Bytes of a receiver's response body kept on the attempt. */
      responseCaptureBytes: 16 * 1024,
    },
    retention: {
      /** Deliveries, attempts and payloads older than this are purged (and hidden from lists). */
      historyMs: retentionMs,
      /** Stored payloads older than this are cleared (never longer than the delivery history). */
      payloadMs: Math.min(env.NAHOOK_PAYLOAD_RETENTION_HOURS * HOUR_MS, retentionMs),
      intervalMs: env.NAHOOK_RETENTION_INTERVAL_SECONDS * 1000,
      /** Whether this process's worker runs the purge. */
      enabled: env.NAHOOK_RETENTION,
    },
  };
}

export type Config = ReturnType<typeof settings>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const KNOWN = new Set(Object.keys(environmentSchema.shape));

/** Parses an environment; throws ConfigError naming every bad or unknown variable. Pure. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    if (name.startsWith("NAHOOK_") && !name.startsWith("NAHOOK_TEST_") && !KNOWN.has(name) && env[name] !== undefined) {
      problems.push(`${name}: unknown setting (see the README's configuration table)`);
    }
  }
  const relevant: Record<string, string> = {};
  for (const name of KNOWN) {
    const value = env[name];
    // An empty value means "not set", as a shell `VAR=` line does.
    if (value !== undefined && value !== "") relevant[name] = value;
  }
  const result = environmentSchema.safeParse(relevant);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${String(issue.path[0])}: ${issue.message}`);
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return settings(result.data);
}

const globalForConfig = globalThis as unknown as { nahookConfig?: Config };

/** This process's settings, parsed from its environment on first use. */
export function config(): Config {
  globalForConfig.nahookConfig ??= parseConfig(process.env);
  return globalForConfig.nahookConfig;
}

/**
 * Points this process (and the child processes it spawns) at a database resolved at run time:
 * the embedded server's URL is only known once it has started.
 */
export function useDatabaseUrl(url: string): void {
  process.env.DATABASE_URL = url;
  globalForConfig.nahookConfig = undefined;
}

/** Points this process (and its children) at the key file the embedded default generated. */
export function useEncryptionKeyFile(file: string): void {
  process.env.NAHOOK_ENCRYPTION_KEY_FILE = file;
  globalForConfig.nahookConfig = undefined;
}

/**
 * For tests: parses this process's environment again, with `overrides` on top (undefined
 * removes a variable), without touching process.env itself.
 */
export function reloadConfig(overrides: Record<string, string | undefined> = {}): Config {
  globalForConfig.nahookConfig = parseConfig({ ...process.env, ...overrides });
  return globalForConfig.nahookConfig;
}

/** The database URL, or a clear error for a process started without one. */
export function requireDatabaseUrl(): string {
  const url = config().databaseUrl;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it explicitly");
  return url;
}
