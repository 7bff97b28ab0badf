import type { z } from "zod";
import type { CreatePortalSessionBody, PortalSessionSchema } from "@/lib/api/management/portal";
import type { Actor } from "@/lib/audit/record";
import { ON_A_PAID_PLAN } from "@/lib/auth/plans";
import { hashSecret, newPortalCode } from "@/lib/auth/secrets";
import { config } from "@/lib/config";
import { recordAudit } from "@/lib/audit/record";
import { db, type PortalSession, type Prisma } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { portalActor } from "./actor";

/** A portal link can be opened for 5 minutes after it is minted (spec §7.2). */
export const CODE_TTL_MS = 5 * 60_000;

export type PortalSessionDto = z.infer<typeof PortalSessionSchema>;

/**
 * P1: mints a one-time code for an application of the workspace. Only the code's SHA-256 is
 * stored; the code itself exists only in the returned link.
 */
export async function createPortalCode(opts: {
  workspaceId: string;
  appId: string;
  actor: Actor;
  input: z.infer<typeof CreatePortalSessionBody>;
  /** Where links point (lib/http/public-origin.ts portalBaseUrl). */
  baseUrl: string;
}): Promise<PortalSessionDto> {
  const code = newPortalCode();
  const now = Date.now();
  const sessionExpiresAt = new Date(now + opts.input.expiresInMinutes * 60_000);
  await db.$transaction(async (tx) => {
    const app = await tx.application.findFirst({ where: { id: opts.appId, workspaceId: opts.workspaceId }, select: { id: true } });
    if (!app) throw notFound("Application");
    const row = await tx.portalCode.create({
      data: {
        id: newId("pcode"),
        workspaceId: opts.workspaceId,
        applicationId: app.id,
        codeHash: hashSecret(code),
        role: opts.input.role,
        metadata: (opts.input.metadata ?? {}) as Prisma.InputJsonValue,
        expiresAt: new Date(now + CODE_TTL_MS),
        sessionExpiresAt,
      },
    });
    await recordAudit(tx, {
      workspaceId: opts.workspaceId, actor: opts.actor, action: "portal_session.created", resourceType: "application", resourceId: app.id,
      metadata: { codeId: row.id, role: row.role, expiresAt: sessionExpiresAt.toISOString() },
    });
  });
  const url = `${opts.baseUrl}/s/${code}`;
  return { url, portalUrl: url, code, expiresAt: sessionExpiresAt.toISOString() };
}

/** Codes are 32 random bytes in base64url: anything else cannot be one, so skip the lookup. */
export const CODE_SHAPE = /^[A-Za-z0-9_-]{43,128}$/;

/**
 * Whether a code could be exchanged right now, without using it up: GET /s/{code} — what link
 * scanners, unfurlers and prefetches send — only looks.
 */
export async function isUsablePortalCode(code: string): Promise<boolean> {
  if (!CODE_SHAPE.test(code)) return false;
  const now = new Date();
  const row = await db.portalCode.findFirst({
    where: { codeHash: hashSecret(code), usedAt: null, expiresAt: { gt: now }, sessionExpiresAt: { gt: now }, workspace: ON_A_PAID_PLAN },
    select: { id: true },
  });
  return row !== null;
}

/**
 * Exchanges a code for a portal session, exactly once: the conditional UPDATE is the lock, so of
 * two concurrent requests with the same code only one sees count = 1, and the session is created
 * in the same transaction (a failure leaves the code unused). Returns null for unknown, used,
 * expired or malformed codes alike — callers must not tell them apart.
 */
export async function exchangePortalCode(code: string): Promise<PortalSession | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const codeHash = hashSecret(code);
  return db.$transaction(async (tx) => {
    const now = new Date();
    // A link minted before the workspace left the paid plans opens nothing (the portal is a paid feature).
    const { count } = await tx.portalCode.updateMany({
      where: { codeHash, usedAt: null, expiresAt: { gt: now }, workspace: ON_A_PAID_PLAN },
      data: { usedAt: now },
    });
    if (count !== 1) return null;
    const row = await tx.portalCode.findUniqueOrThrow({ where: { codeHash } });
    // A session cannot outlive what the operator asked for, even if the link was opened late.
    if (row.sessionExpiresAt <= now) return null;
    const metadata = (row.metadata ?? {}) as Record<string, string>;
    const session = await tx.portalSession.create({
      data: {
        id: newId("psess"),
        workspaceId: row.workspaceId,
        applicationId: row.applicationId,
        codeId: row.id,
        role: row.role,
        metadata: metadata as Prisma.InputJsonValue,
        expiresAt: row.sessionExpiresAt,
      },
    });
    await recordAudit(tx, {
      workspaceId: row.workspaceId, actor: portalActor(session.id, metadata), action: "portal_session.opened",
      resourceType: "application", resourceId: row.applicationId, metadata: { role: row.role, expiresAt: row.sessionExpiresAt.toISOString() },
    });
    return session;
  });
}

/** Sign-out: the row is revoked, so the cookie is useless even if it was copied. */
export async function revokePortalSession(opts: { sessionId: string; actor: Actor; workspaceId: string; applicationId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.portalSession.updateMany({ where: { id: opts.sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 1) {
      await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "portal_session.revoked", resourceType: "application", resourceId: opts.applicationId });
    }
  });
}
