import pg from "pg";
import { config, requireDatabaseUrl } from "@/lib/config";

/**
 * Plain `pg` pools, for the statements Prisma cannot express (FOR UPDATE SKIP LOCKED,
 * data-modifying CTEs, LISTEN) and hot paths that should be one round trip: ingestion writes,
 * ingestion-key lookups and the delivery queue. Prisma's own pool is in ./client.
 */
export type Queryable = Pick<pg.Pool, "query">;

/*
 * PLANNING. A named (prepared) statement is planned generically after a few runs and the plan is
 * cached for the connection's life. A plan chosen on the small tables a process starts with can
 * read whole tables once they have grown: measured with pg_stat_statements on the HTTP benchmark,
 * the first ingest statement's cached plans cost PostgreSQL 0.78 ms of CPU per single send,
 * growing with the table while autovacuum lagged (7.6 ms per send with it off).
 *
 * Planning each execution instead is not cheap either: 0.8–1.0 ms for the ingest statement, three
 * times what a single send's execution costs. So the ingest statement is written so that its
 * plan has no choice to get wrong (every lookup is a correlated LATERAL probe by a unique key),
 * and it runs on a pool of its own whose connections always use the generic plan: the plan made
 * once per connection, whatever the statistics said then, reads only the rows it writes
 * (claim-plans.spec.ts grows the tables under a plan made on empty ones). Those connections also
 * never scan a table sequentially: the planner chose the indexes in every plan measured anyway,
 * and this keeps it so on tables that were one page long when the plan was made.
 */

const globalForPools = globalThis as unknown as { nahookQueuePool?: pg.Pool; nahookIngestPool?: pg.Pool; nahookWorkerPool?: pg.Pool };

function createPool(name: string, options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionString: requireDatabaseUrl(), ...options });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error(`[db] idle ${name} connection failed: ${error.message}`));
  // Nor may a checked-out one between two queries (inside a claim's transaction, say): the server
  // dying sends it an error no query is waiting for. The query in progress or the next one fails
  // and the caller handles that; this only keeps the 'error' event from being unhandled.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

/** Durable writes and reads shared by the web process and the worker (ingestion, queue). */
export function queuePool(): pg.Pool {
  globalForPools.nahookQueuePool ??= createPool("queue", { max: config().pools.queue });
  return globalForPools.nahookQueuePool;
}

export const INGEST_CONNECTION_OPTIONS = "-c plan_cache_mode=force_generic_plan -c enable_seqscan=off";

/** The ingest statement's connections (see PLANNING above); its own size, as it is the hot path. */
export function ingestPool(): pg.Pool {
  globalForPools.nahookIngestPool ??= createPool("ingest", {
    max: config().pools.queue,
    options: INGEST_CONNECTION_OPTIONS,
  });
  return globalForPools.nahookIngestPool;
}

/**
 * The worker's own connections commit asynchronously (synchronous_commit=off): a claim or an
 * attempt outcome lost in a PostgreSQL crash only means the delivery is sent again, which
 * at-least-once delivery allows anyway (a killed worker does the same). It saves an fsync per
 * claim and per outcome batch, the worker's main cost. WAL order still holds: a durable commit
 * (every ingest) flushes everything written before it. Accepted events are never written here.
 */
export function workerPool(): pg.Pool {
  globalForPools.nahookWorkerPool ??= createPool("worker", { max: config().pools.worker, options: "-c synchronous_commit=off" });
  return globalForPools.nahookWorkerPool;
}

/** A dedicated connection outside the pools (LISTEN holds its connection for good). */
export function newClient(): pg.Client {
  return new pg.Client({ connectionString: requireDatabaseUrl() });
}

export async function closePools(): Promise<void> {
  const pools = [globalForPools.nahookQueuePool, globalForPools.nahookIngestPool, globalForPools.nahookWorkerPool];
  globalForPools.nahookQueuePool = undefined;
  globalForPools.nahookIngestPool = undefined;
  globalForPools.nahookWorkerPool = undefined;
  await Promise.all(pools.map((pool) => pool?.end()));
}
