import type { FairClaim } from "./fair-claim";

/** A claimed delivery waiting in the worker's memory for a slot and its endpoint's cap. */
export interface Held {
  claim: FairClaim;
  /** Settles when the claim is committed: its outcome may only be written after that. */
  committed: Promise<void>;
  /** Not started by then, it is handed back rather than risk outliving its lease. */
  startBy: number;
}

/** One endpoint's deliveries held by this worker. */
export interface EndpointQueue {
  cap: number;
  sending: number;
  waiting: Held[];
}

export interface HeldDeliveriesOptions {
  /** The worker's slots: HTTP exchanges in progress at once. */
  concurrency: () => number;
  /** Starts the exchange; `release(queue)` must follow once the receiver has answered. */
  start: (held: Held, queue: EndpointQueue) => void;
  /** Back to the database unsent (its lease would run out before the attempt could end). */
  handBack: (items: Held[]) => void;
  now?: () => number;
}

/**
 * Claimed deliveries wait here, per endpoint, until a slot and their endpoint's cap allow: up
 * to twice a healthy endpoint's cap (see FairClaim.maxInFlight), so that when one attempt is
 * answered the next starts at once, without a claim round trip. Endpoints take turns, one
 * delivery each, so one with a deep claim cannot hold the slots against the others.
 */
export class HeldDeliveries {
  private readonly endpoints = new Map<string, EndpointQueue>();
  private readonly now: () => number;
  private dispatching = false;
  /** Held and not started. */
  queued = 0;
  /** Exchanges in progress. */
  sending = 0;

  constructor(private readonly options: HeldDeliveriesOptions) {
    this.now = options.now ?? Date.now;
  }

  accept(claims: readonly FairClaim[], committed: Promise<void>, startBy: number): void {
    for (const claim of claims) {
      let queue = this.endpoints.get(claim.endpointId);
      if (!queue) this.endpoints.set(claim.endpointId, (queue = { cap: claim.maxInFlight, sending: 0, waiting: [] }));
      queue.cap = claim.maxInFlight;
      queue.waiting.push({ claim, committed, startBy });
      this.queued++;
    }
    this.dispatch();
  }

  /** Starts waiting deliveries, one endpoint at a time round-robin, within both limits. */
  dispatch(): void {
    // An attempt can answer synchronously (a disabled endpoint): the running pass goes on.
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      let started = true;
      while (started && this.queued > 0 && this.sending < this.options.concurrency()) {
        started = false;
        for (const [endpointId, queue] of this.endpoints) {
          if (this.sending >= this.options.concurrency()) break;
          const next = queue.sending < queue.cap ? queue.waiting.shift() : undefined;
          if (!next) continue;
          this.queued--;
          started = true;
          if (this.now() > next.startBy) {
            this.options.handBack([next]);
            this.forget(endpointId, queue);
          } else {
            this.sending++;
            queue.sending++;
            this.options.start(next, queue);
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** The receiver answered one of `queue`'s exchanges: its slot is free. */
  release(queue: EndpointQueue): void {
    this.sending--;
    queue.sending--;
  }

  /** How many of an endpoint's deliveries wait unsent. */
  waitingFor(endpointId: string): number {
    return this.endpoints.get(endpointId)?.waiting.length ?? 0;
  }

  /** Removes and returns the unsent deliveries of one endpoint (`queue`), or of all. */
  takeWaiting(queue?: EndpointQueue): Held[] {
    const queues = queue ? [queue] : [...this.endpoints.values()];
    const taken = queues.flatMap((q) => q.waiting.splice(0));
    this.queued -= taken.length;
    return taken;
  }

  /** Drops an endpoint's entry once nothing of it is held. */
  forget(endpointId: string, queue: EndpointQueue): void {
    if (queue.sending === 0 && queue.waiting.length === 0 && this.endpoints.get(endpointId) === queue) this.endpoints.delete(endpointId);
  }
}
