import { randomBytes } from "node:crypto";
import os from "node:os";
import { runAttempt } from "./attempt";
import { claimRing } from "./claim-ring";
import { COMPLETION_BATCH, completionBatcher } from "./completions";
import { config } from "@/lib/config";
import { workerPool } from "@/lib/db/pg";
import { startClaim, type FairClaim } from "./fair-claim";
import { HeldDeliveries, type EndpointQueue, type Held } from "./held-deliveries";
import { listenForDeliveries } from "./listener";
import { quietWakes } from "./quiet-wakes";
import { sweepVanishedEndpoints } from "./history-delete";
import { releaseClaims, releaseLeases, requeueExpiredLeases, type AttemptRecord } from "./queue";
import { purgeExpired } from "./retention";
import { processRecoverChunk } from "@/lib/recovery/recover-jobs";
import { announceWorker, PRESENCE_INTERVAL_MS, withdrawWorker } from "./worker-presence";

/** How often deliveries left behind by a deleted endpoint are looked for (history-delete.ts). */
const VANISHED_SWEEP_MS = 30_000;

/** The prefetch depth, in caps, while half the worker's concurrency already waits claimed (see prefetchCaps). */
const BUSY_PREFETCH_CAPS = 2;

export interface WorkerHandle {
  id: string;
  /** Stops claiming, lets in-flight attempts finish (bounded), releases what is left. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  log?: (line: string) => void;
  /** Run the periodic retention purge. Default: config().retention.enabled (NAHOOK_RETENTION). */
  retention?: boolean;
}

/**
 * The delivery worker: claims due deliveries in batches, runs up to `concurrency` attempts at
 * once, and sleeps until a NOTIFY (new event: milliseconds), its own next retry, or the poll
 * interval (other processes' retries, expired leases). Any number of workers can share a
 * database; SKIP LOCKED and leases keep each due attempt with exactly one of them.
 */
export function startWorker(options: WorkerOptions = {}): WorkerHandle {
  const log = options.log ?? ((line: string) => console.error(`[worker] ${line}`));
  const id = `wrk_${os.hostname()}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const inflight = new Map<string, { owner: string; done: Promise<void> }>();
  let claimSeq = 0;
  const ring = claimRing();
  let stopping = false;
  let signalStop = () => {};
  const stopped = new Promise<void>((resolve) => (signalStop = resolve));
  let wakeRequested = false;
  let wakeUp: (() => void) | null = null;
  let saturated = false;
  let nextLocalDue = Infinity;
  let lastLeaseSweep = 0;
  let lastVanishedSweep = 0;

  const wake = () => {
    wakeRequested = true;
    wakeUp?.();
  };

  const quiet = quietWakes(wake);
  const listener = listenForDeliveries(quiet.notified, log);
  const pool = workerPool();
  const completions = completionBatcher(pool);
  let purging = false;

  const retentionTimer =
    (options.retention ?? config().retention.enabled) === false
      ? null
      : setInterval(() => {
          // A purge paces itself and can outlast the interval: one at a time per worker.
          if (purging) return;
          purging = true;
          purgeExpired()
            .catch((error: Error) => log(`retention purge failed: ${error.message}`))
            .finally(() => (purging = false));
        }, config().retention.intervalMs);
  retentionTimer?.unref();

  /**
   * A slot of `concurrency` is an HTTP exchange in progress: it frees when the receiver has
   * answered, not when the outcome is written (the completion batcher writes outcomes in groups,
   * and waiting for that would leave slots idle behind bookkeeping). Outcomes waiting to be
   * written are bounded separately (`maxUnrecorded`), so a slow database still slows claiming.
   * Claimed deliveries wait in `held` until a slot and their endpoint's cap allow.
   */
  const finished = new Set<string>();
  const held = new HeldDeliveries({ concurrency: () => config().delivery.concurrency, start: send, handBack: (items) => void handBack(items) });
  const maxUnrecorded = () => Math.max(config().delivery.concurrency, COMPLETION_BATCH) * 2;
  /**
   * Prefetch depth, in caps (see FairClaim.maxInFlight): `NAHOOK_WORKER_PREFETCH` (two), and up
   * to `NAHOOK_WORKER_PREFETCH_FEW` (eight) when so few endpoints wait that the claim's batch
   * split between them holds more (fair-claim.ts, "depth"). Deeper prefetch keeps a busy
   * endpoint fed between claims, so its claims are fewer and bigger: one endpoint at 800
   * events/s in the drain harness, alternating pairs, end-to-end p99 65.9 and 64.5 ms at two
   * caps against 36.7 and 18.0 ms with the deeper depth. A uniform four caps had cost the
   * healthy endpoint next to a crowd of 1,000 bursting endpoints in `bench:faults` (p99 363–681
   * ms against 196 ms), which is why the depth follows how many endpoints wait. Endpoints that
   * start hanging keep what they hold until their attempts time out, so more than two caps stop
   * while half the worker's concurrency already waits claimed: the worker's room stays with
   * everyone else.
   */
  const prefetchCaps = (configured: number) =>
    held.queued < config().delivery.concurrency / 2 ? configured : Math.min(configured, BUSY_PREFETCH_CAPS);
  const claimRoom = () =>
    Math.min(2 * config().delivery.concurrency - held.sending - held.queued, maxUnrecorded() - finished.size);

  function answered(claim: FairClaim) {
    if (stopping) return;
    held.dispatch();
    // Under load, refill in chunks rather than one claim query per finished attempt.
    const refillAt = Math.max(1, Math.floor(Math.min(config().delivery.batchSize, config().delivery.concurrency) / 4));
    if (saturated && claimRoom() >= refillAt) wake();
    // Its endpoint's allowance was used up with more due: there is room for more of them now.
    else if (claim.more && held.waitingFor(claim.endpointId) < claim.maxInFlight) wake();
  }

  /** Back to the queue unsent, once their claim is visible; resolves to how many went back. */
  function handBack(items: Held[]): Promise<number> {
    if (items.length === 0) return Promise.resolve(0);
    return Promise.allSettled(items.map((w) => w.committed))
      .then(() => releaseClaims(items.map((w) => w.claim), pool))
      .catch((error: Error) => {
        log(`could not hand back ${items.length} deliveries: ${error.message} (their leases will expire)`);
        return 0;
      });
  }

  // No named closures per delivery: tsx names each with a defineProperty call (see sender.ts).
  function freeSlot(claim: FairClaim, queue: EndpointQueue, slot: { busy: boolean }) {
    if (!slot.busy) return;
    slot.busy = false;
    held.release(queue);
    answered(claim);
  }

  function send({ claim, committed }: Held, queue: EndpointQueue) {
    const slot = { busy: true };
    const done = runAttempt(claim, async (record: AttemptRecord) => {
      finished.add(claim.id);
      // A failure of the receiver: the endpoint's prefetched deliveries go back rather than after
      // it (the circuit breaker decides at the next claim whether they are sent). Not for one
      // that was never sent (a disabled endpoint's deliveries are all marked failed in turn).
      if (!record.success && !record.neutral) void handBack(held.takeWaiting(queue));
      freeSlot(claim, queue, slot);
      // The claim must be visible before its outcome is written (see startClaim).
      await committed;
      return completions.complete(record, claim.shared);
    })
      .then((nextAt) => {
        if (nextAt) nextLocalDue = Math.min(nextLocalDue, nextAt.getTime());
      })
      .catch((error: Error) => log(`delivery ${claim.id}: ${error.message} (its lease will expire and it will be retried)`))
      .finally(() => {
        inflight.delete(claim.id);
        finished.delete(claim.id);
        freeSlot(claim, queue, slot);
        held.forget(claim.endpointId, queue);
        if (finished.size + 1 >= maxUnrecorded()) answered(claim);
      });
    inflight.set(claim.id, { owner: claim.leaseOwner, done });
  }

  /**
   * When a claimed delivery must have started: late enough that the attempt still ends within
   * the lease (a lease configured shorter than the timeout leaves a second, so that claimed
   * deliveries are still sent).
   */
  const startBy = (claimedAt: number) => Math.max(claimedAt + config().delivery.leaseMs - config().delivery.timeoutMs - 1_000, claimedAt + 1_000);

  // Endpoint ownership (worker-presence.ts): seen alive before the first claim, then every second.
  let announced: Promise<void> | null = null;
  const announce = () => (announced = announceWorker(pool, `${id}:`).catch((error: Error) => log(`presence update failed: ${error.message}`)));
  const presenceTimer = setInterval(announce, PRESENCE_INTERVAL_MS);
  presenceTimer.unref();

  async function loop() {
    await announce();
    while (!stopping) {
      wakeRequested = false;
      try {
        if (Date.now() - lastLeaseSweep >= config().delivery.pollMs) {
          lastLeaseSweep = Date.now();
          await requeueExpiredLeases(pool);
        }
        if (Date.now() - lastVanishedSweep >= VANISHED_SWEEP_MS) {
          lastVanishedSweep = Date.now();
          const swept = await sweepVanishedEndpoints(pool);
          if (swept > 0) log(`deleted ${swept} deliveries accepted while their endpoint was being deleted`);
        }
        const want = Math.min(claimRoom(), config().delivery.batchSize);
        if (want > 0) {
          if (nextLocalDue <= Date.now()) nextLocalDue = Infinity;
          // Taken before the claim, so never later than the lease's real start.
          const claimedAt = Date.now();
          const { claims, committed, walkedTo, cut } = await startClaim(pool, {
            limit: want,
            leaseOwner: `${id}:${++claimSeq}`,
            leaseMs: config().delivery.leaseMs,
            finished: [...finished],
            holder: `${id}:`,
            cursor: ring.cursor,
            prefetch: prefetchCaps(config().delivery.prefetchCaps),
            prefetchFew: prefetchCaps(config().delivery.prefetchFewCaps),
          });
          committed.catch((error: Error) => log(`claim commit failed: ${error.message} (its deliveries stay due and go again)`));
          held.accept(claims, committed, startBy(claimedAt));
          quiet.claimed(claims.length, claimedAt);
          const walkOn = ring.walked(walkedTo, cut, claims.length);
          // A full batch, or a walk cut short (see claim-ring.ts), means more is probably due:
          // claim again right away.
          saturated = claims.length === want;
          if ((saturated || walkOn) && !stopping) continue;
        } else {
          saturated = true;
        }
      } catch (error) {
        log(`claim failed: ${(error as Error).message}`);
        await sleep(1_000);
      }
      if (wakeRequested || stopping) continue;
      const until = Math.min(config().delivery.pollMs, Math.max(0, nextLocalDue - Date.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, until);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  /** Recover jobs ("retry everything since…"), one chunk per step; idle, it checks every poll. */
  async function recoverLoop() {
    while (!stopping) {
      let more = false;
      try {
        more = await processRecoverChunk(pool);
      } catch (error) {
        log(`recover job step failed: ${(error as Error).message}`);
      }
      // Woken by stop(): a long poll interval must not hold up shutting down.
      if (!more) await Promise.race([sleep(config().delivery.pollMs), stopped]);
    }
  }

  const looping = loop();
  const recovering = recoverLoop();
  log(`started ${id} (concurrency ${config().delivery.concurrency})`);

  return {
    id,
    async stop() {
      if (stopping) return;
      stopping = true;
      signalStop();
      wake();
      if (retentionTimer) clearInterval(retentionTimer);
      clearInterval(presenceTimer);
      quiet.stop();
      await looping;
      await recovering;
      // No more claims from here: the other workers take this one's endpoints now, not after
      // its last attempts (the cap still counts those while they run).
      await announced;
      await withdrawWorker(pool, `${id}:`).catch(() => {});
      await listener.close();
      // Claimed but not started: back to the queue at once, for this or another worker.
      const unsent = held.takeWaiting();
      if (unsent.length > 0) log(`handed back ${await handBack(unsent)} claimed deliveries not yet sent`);
      // Attempts carry their own timeout, so this wait is bounded; anything still running
      // after it (a hung database call) is handed back to the queue.
      const deadline = sleep(config().delivery.timeoutMs + 2_000);
      await Promise.race([Promise.allSettled([...inflight.values()].map((f) => f.done)), deadline]);
      const leftover = [...new Set([...inflight.values()].map((f) => f.owner))];
      if (leftover.length > 0) {
        const released = await releaseLeases(leftover, pool).catch(() => 0);
        log(`released ${released} unfinished deliveries`);
      }
      log(`stopped ${id}`);
    },
  };
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
}
