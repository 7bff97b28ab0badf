import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit/record";
import { ON_A_PAID_PLAN } from "@/lib/auth/plans";
import { db, type PortalRole } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { portalActor } from "./actor";
import { PORTAL_COOKIE, unsealPortalCookie } from "./cookie";
import { can, type PortalScope } from "./permissions";

export { PORTAL_COOKIE, PORTAL_COOKIE_PATH, portalCookieOptions, portalCookieOptionsFor, sealPortalCookie } from "./cookie";

export interface PortalContext {
  sessionId: string;
  workspaceId: string;
  applicationId: string;
  applicationName: string;
  showEventTypes: boolean;
  maxEndpoints: number | null;
  role: PortalRole;
  metadata: Record<string, string>;
  expiresAt: Date;
  actor: Actor;
  can(scope: PortalScope): boolean;
}

async function sessionIdFromCookie(): Promise<string | null> {
  return unsealPortalCookie((await cookies()).get(PORTAL_COOKIE)?.value);
}

/**
 * The live session behind the request's cookie: it exists, has not expired, was not revoked, its
 * application still exists and its workspace is still on a plan with the portal (a downgrade ends
 * open sessions). Memoised per request, so a layout and its page share one lookup.
 */
export const loadPortal = cache(async (): Promise<PortalContext | null> => {
  const sid = await sessionIdFromCookie();
  if (!sid) return null;
  const row = await db.portalSession.findFirst({
    where: { id: sid, revokedAt: null, expiresAt: { gt: new Date() }, workspace: ON_A_PAID_PLAN },
    include: { application: { select: { name: true, showEventTypes: true, maxEndpoints: true } } },
  });
  // The application can be deleted between the session row and its relation being read.
  if (!row?.application) return null;
  const metadata = (row.metadata ?? {}) as Record<string, string>;
  return {
    sessionId: row.id,
    workspaceId: row.workspaceId,
    applicationId: row.applicationId,
    applicationName: row.application.name,
    showEventTypes: row.application.showEventTypes,
    maxEndpoints: row.application.maxEndpoints,
    role: row.role,
    metadata,
    expiresAt: row.expiresAt,
    actor: portalActor(row.id, metadata),
    can: (scope) => can(row.role, scope),
  };
});

/**
 * THE portal gate, called by every portal page, route handler and action: a live session, and
 * the scope the operation needs. Throws 401 unauthorized / 403 forbidden as ApiErrors.
 */
export async function requirePortal(scope?: PortalScope): Promise<PortalContext> {
  const ctx = await loadPortal();
  if (!ctx) throw new ApiError("unauthorized", "The portal session has ended; open a new link from the application");
  if (scope && !ctx.can(scope)) throw new ApiError("forbidden", `Your role (${ctx.role}) does not allow this (${scope})`);
  return ctx;
}

/** `requirePortal` for pages: no session → the "session ended" page; missing scope → "not allowed". */
export async function requirePortalPage(scope?: PortalScope): Promise<PortalContext> {
  try {
    return await requirePortal(scope);
  } catch (error) {
    if (error instanceof ApiError && error.code === "unauthorized") redirect("/portal/ended");
    if (error instanceof ApiError && error.code === "forbidden") redirect(`/portal/not-allowed?scope=${encodeURIComponent(scope ?? "")}`);
    throw error;
  }
}
