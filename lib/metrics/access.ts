import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Who may scrape /metrics: with no NAHOOK_METRICS_TOKEN the endpoint does not exist (404, like
 * any unknown path: nothing tells a prober it is there); with one, `Authorization: Bearer
 * <token>` is required (401 otherwise). Compared in constant time. Pure.
 */
export function metricsAccess(authorization: string | undefined, token: string | undefined): 200 | 401 | 404 {
  if (!token) return 404;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return 401;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token)) ? 200 : 401;
}
