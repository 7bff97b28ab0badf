import type { Actor } from "@/lib/audit/record";

/** Audit rows written from the portal name the session and, when the operator passed them, who the customer is. */
export function portalActor(sessionId: string, metadata: Record<string, string>): Actor {
  return { type: "portal_session", id: sessionId, label: metadata.email ?? metadata.userId ?? null };
}
