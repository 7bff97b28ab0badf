import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/audit/record";
import type { Workspace } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { hashSecret } from "./secrets";

export interface ManagementContext {
  workspace: Workspace;
  actor: Actor;
}

const LAST_USED_RESOLUTION_MS = 60_000;

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Resolves `Bearer nhm_…` to its workspace. A token used on another workspace's path gets the
 * same 404 as a workspace that does not exist, so tokens cannot probe for workspaces.
 */
export async function authenticateManagement(request: Request, workspaceId: string): Promise<ManagementContext> {
  const token = bearerToken(request);
  if (!token || !token.startsWith("nhm_")) throw new ApiError("unauthorized", "Missing or invalid authorization header");
  const record = await db.managementToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { workspace: true } });
  if (!record || (record.expiresAt && record.expiresAt <= new Date())) {
    throw new ApiError("unauthorized", "Missing or invalid authorization header");
  }
  if (record.disabledAt) throw new ApiError("token_disabled", "Management token is disabled");
  if (record.workspaceId !== workspaceId) throw new ApiError("not_found", "Workspace not found");
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    db.managementToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { workspace: record.workspace, actor: { type: "management_token", id: record.id, label: record.name } };
}
