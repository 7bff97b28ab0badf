import type { Prisma } from "@/lib/db/client";

/** Who did something, as audit rows record it. */
export interface Actor {
  type: "management_token" | "portal_session" | "system" | "cli";
  id: string | null;
  label: string | null;
}

/** The operator at the command line (`npm run nahook`). */
export const CLI_ACTOR: Actor = { type: "cli", id: null, label: null };

type Tx = Pick<Prisma.TransactionClient, "auditLog">;

export interface AuditEntry {
  workspaceId: string;
  actor: Actor;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  metadata?: Record<string, unknown>;
}

/** Writes one audit row inside the caller's transaction, so a mutation and its record commit together. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      metadata: (entry.metadata ?? {}) as Prisma.InputJsonValue,
    },
  });
}
