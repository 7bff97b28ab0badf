/**
 * Where a worker's next claim starts. A claim walks at most WALK_ENDPOINTS of the endpoints that
 * have due deliveries, from a cursor, in id order, wrapping round (see fair-claim.ts). A claim
 * that stopped at that bound may have left endpoints with work further on, so the worker claims
 * again at once — also after a claim that found nothing to take (every endpoint it looked at
 * was capped, throttled or had its circuit open), until its empty walks have come all the way
 * round; then it waits as usual (NOTIFY, an answered attempt, a retry coming due, the poll).
 */
export function claimRing() {
  let cursor = "";
  /** Where the current run of empty claims started; null while claims find deliveries. */
  let emptyFrom: string | null = null;

  return {
    get cursor() {
      return cursor;
    },
    /** Records a claim's walk; returns whether to claim again at once. */
    walked(walkedTo: string, cut: boolean, claimed: number): boolean {
      const from = cursor;
      cursor = walkedTo;
      if (!cut) {
        emptyFrom = null;
        return false;
      }
      if (claimed > 0) {
        emptyFrom = null;
        return true;
      }
      if (emptyFrom === null) {
        emptyFrom = from;
        return true;
      }
      if (passes(from, walkedTo, emptyFrom)) {
        emptyFrom = null;
        return false;
      }
      return true;
    },
  };
}

/** Whether a walk after `from` up to `to` (inclusive, wrapping past the last id) went past `point`. */
export function passes(from: string, to: string, point: string): boolean {
  return from < to ? from < point && point <= to : point > from || point <= to;
}
