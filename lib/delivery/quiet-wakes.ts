/**
 * NOTIFY wake-ups for a worker whose claims keep coming back empty. After `after` empty claims
 * in quick succession (each within `burstMs` of the one before), a NOTIFY wakes the worker no
 * sooner than `quietMs` after the last claim: the due deliveries are held (by this worker's
 * earlier claims, or by another worker that serves their endpoint), and every empty claim still
 * takes the claim lock that the serving worker needs. An idle worker's occasional empty claim
 * never delays the next event, and wakes for capacity (an answered attempt) do not come through
 * here.
 */
export function quietWakes(wake: () => void, { after = 3, burstMs = 100, quietMs = 50, now = Date.now } = {}) {
  let emptyClaims = 0;
  let lastClaimAt = 0;
  let quietUntil = 0;
  let timer: NodeJS.Timeout | null = null;

  return {
    /** A NOTIFY arrived. */
    notified(): void {
      const wait = quietUntil - now();
      if (wait <= 0) return wake();
      timer ??= setTimeout(() => {
        timer = null;
        wake();
      }, wait);
    },
    /** A claim that started at `startedAt` has returned `count` deliveries. */
    claimed(count: number, startedAt: number): void {
      emptyClaims = count > 0 ? 0 : startedAt - lastClaimAt < burstMs ? emptyClaims + 1 : 1;
      lastClaimAt = now();
      quietUntil = emptyClaims >= after ? lastClaimAt + quietMs : 0;
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
