import { db, type Plan } from "@/lib/db/client";
import { displayPrefix, hashSecret, newIngestionKey, newManagementToken } from "@/lib/auth/secrets";
import { CLI_ACTOR, recordAudit } from "@/lib/audit/record";
import { newId } from "@/lib/ids";

/**
 * Operator bootstrap (used by the `nahook` CLI). Secrets are returned once and stored only as
 * SHA-256 hashes.
 */

export async function createWorkspace(opts: { name: string; plan: Plan }) {
  const managementToken = newManagementToken();
  const ingestionKey = newIngestionKey();
  const ids = { workspaceId: newId("ws"), environmentId: newId("env"), tokenId: newId("tok"), keyId: newId("key") };
  await db.$transaction(async (tx) => {
    await tx.workspace.create({ data: { id: ids.workspaceId, name: opts.name, plan: opts.plan } });
    await tx.environment.create({
      data: { id: ids.environmentId, workspaceId: ids.workspaceId, name: "Production", slug: "production", isDefault: true },
    });
    await tx.managementToken.create({
      data: { id: ids.tokenId, workspaceId: ids.workspaceId, name: "default", tokenHash: hashSecret(managementToken), prefix: displayPrefix(managementToken) },
    });
    await tx.ingestionKey.create({
      data: { id: ids.keyId, workspaceId: ids.workspaceId, environmentId: ids.environmentId, name: "default", keyHash: hashSecret(ingestionKey), prefix: displayPrefix(ingestionKey) },
    });
    await recordAudit(tx, { workspaceId: ids.workspaceId, actor: CLI_ACTOR, action: "workspace.created", resourceType: "workspace", resourceId: ids.workspaceId });
  });
  return { workspaceId: ids.workspaceId, environmentId: ids.environmentId, managementToken, ingestionKey };
}

export async function listWorkspaces() {
  const rows = await db.workspace.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { applications: true, environments: true } } } });
  return rows.map((w) => ({
    id: w.id, name: w.name, plan: w.plan, applications: w._count.applications, environments: w._count.environments, createdAt: w.createdAt.toISOString(),
  }));
}

export async function setWorkspacePlan({ workspaceId, plan }: { workspaceId: string; plan: Plan }) {
  const w = await db.$transaction(async (tx) => {
    const updated = await tx.workspace.update({ where: { id: workspaceId }, data: { plan } });
    await recordAudit(tx, { workspaceId, actor: CLI_ACTOR, action: "workspace.plan_changed", resourceType: "workspace", resourceId: workspaceId, metadata: { plan } });
    return updated;
  });
  return { id: w.id, name: w.name, plan: w.plan };
}

export async function createManagementToken(opts: { workspaceId: string; name: string; expiresInDays?: number }) {
  await db.workspace.findUniqueOrThrow({ where: { id: opts.workspaceId } });
  const token = newManagementToken();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.managementToken.create({
      data: {
        id: newId("tok"), workspaceId: opts.workspaceId, name: opts.name, tokenHash: hashSecret(token), prefix: displayPrefix(token),
        expiresAt: opts.expiresInDays ? new Date(Date.now() + opts.expiresInDays * 86_400_000) : null,
      },
    });
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: CLI_ACTOR, action: "management_token.created", resourceType: "management_token", resourceId: created.id });
    return created;
  });
  return { id: row.id, name: row.name, token, expiresAt: row.expiresAt?.toISOString() ?? null };
}

export async function listManagementTokens({ workspaceId }: { workspaceId: string }) {
  const rows = await db.managementToken.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map((t) => ({
    id: t.id, name: t.name, prefix: t.prefix, disabled: t.disabledAt !== null, expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(),
  }));
}

export async function disableManagementToken(tokenId: string) {
  const t = await db.$transaction(async (tx) => {
    const disabled = await tx.managementToken.update({ where: { id: tokenId }, data: { disabledAt: new Date() } });
    await recordAudit(tx, { workspaceId: disabled.workspaceId, actor: CLI_ACTOR, action: "management_token.disabled", resourceType: "management_token", resourceId: disabled.id });
    return disabled;
  });
  return { id: t.id, disabled: true };
}

export async function createIngestionKey(opts: { workspaceId: string; environmentId?: string; name: string }) {
  const env = opts.environmentId
    ? await db.environment.findFirstOrThrow({ where: { id: opts.environmentId, workspaceId: opts.workspaceId } })
    : await db.environment.findFirstOrThrow({ where: { workspaceId: opts.workspaceId, isDefault: true } });
  const key = newIngestionKey();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.ingestionKey.create({
      data: { id: newId("key"), workspaceId: opts.workspaceId, environmentId: env.id, name: opts.name, keyHash: hashSecret(key), prefix: displayPrefix(key) },
    });
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: CLI_ACTOR, action: "ingestion_key.created", resourceType: "ingestion_key", resourceId: created.id });
    return created;
  });
  return { id: row.id, name: row.name, environmentId: env.id, key };
}

export async function listIngestionKeys({ workspaceId }: { workspaceId: string }) {
  const rows = await db.ingestionKey.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map((k) => ({
    id: k.id, name: k.name, environmentId: k.environmentId, prefix: k.prefix, disabled: k.disabledAt !== null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null, createdAt: k.createdAt.toISOString(),
  }));
}

export async function disableIngestionKey(keyId: string) {
  const k = await db.$transaction(async (tx) => {
    const disabled = await tx.ingestionKey.update({ where: { id: keyId }, data: { disabledAt: new Date() } });
    await recordAudit(tx, { workspaceId: disabled.workspaceId, actor: CLI_ACTOR, action: "ingestion_key.disabled", resourceType: "ingestion_key", resourceId: disabled.id });
    return disabled;
  });
  return { id: k.id, disabled: true };
}
