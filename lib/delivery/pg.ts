import pg from "pg";

/**
 * The delivery engine talks to PostgreSQL through plain `pg`: the queue needs statements Prisma
 * cannot express (FOR UPDATE SKIP LOCKED, data-modifying CTEs, LISTEN) and the hot path should
 * be one round trip per step.
 */
export type Queryable = Pick<pg.Pool, "query">;

const globalForQueue = globalThis as unknown as { nahookQueuePool?: pg.Pool; nahookWorkerPool?: pg.Pool };

export function queuePool(): pg.Pool {
  if (!globalForQueue.nahookQueuePool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it explicitly");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.NAHOOK_QUEUE_POOL_SIZE ?? 10) });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error(`[delivery] idle database connection failed: ${error.message}`));
    globalForQueue.nahookQueuePool = pool;
  }
  return globalForQueue.nahookQueuePool;
}

/**
 * The worker's own connections commit asynchronously (synchronous_commit=off): a claim or an
 * attempt outcome lost in a PostgreSQL crash only means the delivery is sent again, which
 * at-least-once delivery allows anyway (a killed worker does the same). It saves an fsync per
 * claim and per outcome batch, the worker's main cost. WAL order still holds: a durable commit
 * (every ingest) flushes everything written before it. Accepted events are never written here.
 */
export function workerPool(): pg.Pool {
  if (!globalForQueue.nahookWorkerPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start the app with `npm start` or set it explicitly");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.NAHOOK_WORKER_POOL_SIZE ?? 6), options: "-c synchronous_commit=off" });
    pool.on("error", (error) => console.error(`[delivery] idle worker connection failed: ${error.message}`));
    globalForQueue.nahookWorkerPool = pool;
  }
  return globalForQueue.nahookWorkerPool;
}

export async function closeQueuePool(): Promise<void> {
  const pools = [globalForQueue.nahookQueuePool, globalForQueue.nahookWorkerPool];
  globalForQueue.nahookQueuePool = undefined;
  globalForQueue.nahookWorkerPool = undefined;
  await Promise.all(pools.map((pool) => pool?.end()));
}

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

export const UNIQUE_VIOLATION = "23505";
