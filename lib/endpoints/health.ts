import type { Endpoint } from "@/lib/db/client";
import { config } from "@/lib/config";

export type CircuitState = "closed" | "open" | "half_open";

export interface EndpointHealth {
  state: CircuitState;
  failingSince: string | null;
  nextProbeAt: string | null;
  consecutiveFailures: number;
}

/**
 * The endpoint's circuit breaker as users see it. Closed: deliveries flow. Open: after
 * NAHOOK_BREAKER_FAILURES failed attempts in a row, due deliveries wait (they are deferred, not
 * failed: no attempt is recorded and no retry is used) until nextProbeAt. Half-open: the probe
 * time has come and one attempt goes through; a success closes the circuit, a failure reopens
 * it with a doubled interval.
 */
export function endpointHealth(endpoint: Pick<Endpoint, "consecutiveFailures" | "nextProbeAt" | "failingSince">, now = Date.now()): EndpointHealth {
  const open = endpoint.consecutiveFailures >= config().delivery.breaker.failures;
  const state: CircuitState = !open ? "closed" : endpoint.nextProbeAt && endpoint.nextProbeAt.getTime() > now ? "open" : "half_open";
  return {
    state,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    nextProbeAt: open ? (endpoint.nextProbeAt?.toISOString() ?? null) : null,
    consecutiveFailures: endpoint.consecutiveFailures,
  };
}
