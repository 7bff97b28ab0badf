import { DeliveryFilterFields, type DeliveryFilters } from "@/lib/api/management/deliveries";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { findDeliveryRow, listAttemptRows, listDeliveries, serializeDelivery, storedPayload, type DeliveryDto, type StoredPayload } from "@/lib/delivery-history/deliveries";
import { payloadView, type PayloadView } from "./payload-view";
import type { PortalContext } from "./session";

export const PORTAL_PAGE_SIZE = 25;

const span = (ms: number) => {
  const hours = Math.round(ms / 3_600_000);
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} hour${hours === 1 ? "" : "s"}`;
};

/** How far back history and payloads go, in words ("7 days"), as the deployment configures it. */
export const historyWindow = () => span(config().retention.historyMs);
export const payloadWindow = () => span(config().retention.payloadMs);

/**
 * Delivery history of the session's application (or one of its endpoints), newest first, with
 * the shared keyset cursor. An endpoint of another application is a 404 before anything is read.
 */
export async function listPortalDeliveries(ctx: PortalContext, opts: DeliveryFilters & { endpointId?: string; cursor?: string; limit?: number }) {
  return listDeliveries({ ...opts, workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, limit: opts.limit ?? PORTAL_PAGE_SIZE });
}

const FILTER_NAMES = Object.keys(DeliveryFilterFields) as (keyof typeof DeliveryFilterFields)[];

/**
 * The history filters of a portal URL (the Management API's D1 parameter names). A value that
 * does not parse is dropped and named in `ignored`, so a mangled shared link still shows a page.
 * `query` is the canonical query string of what is applied.
 */
export function parsePortalFilters(read: (name: string) => string) {
  const filters: Record<string, string> = {};
  const ignored: string[] = [];
  for (const name of FILTER_NAMES) {
    const raw = read(name);
    if (!raw) continue;
    const parsed = DeliveryFilterFields[name].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) filters[name] = parsed.data;
    else ignored.push(name);
  }
  if (filters.from && filters.to && Date.parse(filters.from) > Date.parse(filters.to)) {
    delete filters.from;
    ignored.push("from");
  }
  const query = new URLSearchParams(FILTER_NAMES.filter((n) => filters[n]).map((n) => [n, filters[n]]));
  return { filters: filters as DeliveryFilters, query, ignored };
}

export interface PortalAttempt {
  id: string;
  attemptNumber: number;
  status: string;
  url: string;
  responseStatusCode: number | null;
  responseTimeMs: number | null;
  errorMessage: string | null;
  /** Text as captured (first 16 KiB); rendered escaped, never as HTML. */
  responseBody: string | null;
  createdAt: string;
}

export interface PortalDeliveryDetail {
  delivery: DeliveryDto;
  /** `view` only when the payload is available: bounded text, never the whole of a big payload. */
  payload: { status: string; view?: PayloadView };
  attempts: PortalAttempt[];
}

export async function getPortalDelivery(ctx: PortalContext, deliveryId: string): Promise<PortalDeliveryDetail> {
  const delivery = await findDeliveryRow({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, deliveryId });
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId }, select: { plan: true } });
  const [stored, attempts] = await Promise.all([storedPayload(delivery, workspace.plan), listAttemptRows(delivery.id)]);
  return {
    delivery: serializeDelivery(delivery),
    payload: stored.status === "available" ? { status: "available", view: payloadView(stored.text) } : { status: stored.status },
    attempts: attempts.map((a) => ({
      id: a.id, attemptNumber: a.attemptNumber, status: a.status, url: a.url, responseStatusCode: a.responseStatusCode,
      responseTimeMs: a.responseTimeMs, errorMessage: a.errorMessage, responseBody: a.responseBody, createdAt: a.createdAt.toISOString(),
    })),
  };
}

/** The whole stored payload, for the portal's download link (same scoping and plan rule as the page). */
export async function getPortalPayload(ctx: PortalContext, deliveryId: string): Promise<StoredPayload> {
  const delivery = await findDeliveryRow({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, deliveryId });
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId }, select: { plan: true } });
  return storedPayload(delivery, workspace.plan);
}

/** Counted up to this many: the panel only needs to say "some" or "many". */
const WAITING_CAP = 10_000;

/**
 * How many of an endpoint's deliveries wait for an automatic attempt (pending or retrying), up to
 * WAITING_CAP: a recover does not touch them (they go by themselves), and the page says so. The
 * caller has already checked the endpoint is the session's. One range of the queue index.
 */
export async function waitingDeliveries(endpointId: string): Promise<{ count: number; capped: boolean }> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM deliveries WHERE "endpointId" = ${endpointId} AND "nextAttemptAt" IS NOT NULL LIMIT ${WAITING_CAP}) w`;
  return { count: row.n, capped: row.n >= WAITING_CAP };
}
