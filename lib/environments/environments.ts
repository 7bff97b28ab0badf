import type { z } from "zod";
import type { CreateEnvironmentBody, EnvironmentSchema, UpdateEnvironmentBody } from "@/lib/api/management/environments";
import { ENVIRONMENT_LIMITS } from "@/lib/limits";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db, type Environment } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { deleteEnvironmentHistory } from "@/lib/delivery/history-delete";

export type EnvironmentDto = z.infer<typeof EnvironmentSchema>;

function serializeEnvironment(env: Environment): EnvironmentDto {
  return {
    id: env.id,
    name: env.name,
    slug: env.slug,
    isDefault: env.isDefault,
    createdAt: env.createdAt.toISOString(),
    updatedAt: env.updatedAt.toISOString(),
  };
}

export async function listEnvironments(opts: { workspaceId: string }) {
  const rows = await db.environment.findMany({ where: { workspaceId: opts.workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(serializeEnvironment);
}

/** Tenant-scoped lookup: an environment of another workspace is simply not found. */
export async function findEnvironmentRow(opts: { workspaceId: string; envId: string }): Promise<Environment> {
  const env = await db.environment.findFirst({ where: { id: opts.envId, workspaceId: opts.workspaceId } });
  if (!env) throw notFound("Environment");
  return env;
}

export async function getEnvironment(opts: { workspaceId: string; envId: string }): Promise<EnvironmentDto> {
  return serializeEnvironment(await findEnvironmentRow(opts));
}

const slugTaken = () => new ApiError("conflict", "An environment with this slug already exists in this workspace");

export async function createEnvironment(opts: { workspaceId: string; actor: Actor; input: z.infer<typeof CreateEnvironmentBody> }) {
  const { input } = opts;
  try {
    const env = await db.$transaction(async (tx) => {
      // Serialises concurrent creates of one workspace so the limit cannot be overshot.
      await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${opts.workspaceId} FOR UPDATE`;
      const existing = await tx.environment.findMany({ where: { workspaceId: opts.workspaceId }, select: { slug: true } });
      if (existing.some((e) => e.slug === input.slug)) throw slugTaken();
      if (existing.length >= ENVIRONMENT_LIMITS.perWorkspace) {
        throw new ApiError("forbidden", `Environment limit reached: a workspace can have at most ${ENVIRONMENT_LIMITS.perWorkspace} environments`);
      }
      const created = await tx.environment.create({
        data: { id: newId("env"), workspaceId: opts.workspaceId, name: input.name, slug: input.slug, isDefault: false },
      });
      await recordAudit(tx, {
        workspaceId: opts.workspaceId, actor: opts.actor, action: "environment.created", resourceType: "environment", resourceId: created.id,
        metadata: { name: created.name, slug: created.slug },
      });
      return created;
    });
    return serializeEnvironment(env);
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function updateEnvironment(opts: { workspaceId: string; envId: string; actor: Actor; input: z.infer<typeof UpdateEnvironmentBody> }) {
  const env = await db.$transaction(async (tx) => {
    const data = opts.input.name !== undefined ? { name: opts.input.name } : {};
    const { count } = await tx.environment.updateMany({ where: { id: opts.envId, workspaceId: opts.workspaceId }, data });
    if (count === 0) throw notFound("Environment");
    await recordAudit(tx, {
      workspaceId: opts.workspaceId, actor: opts.actor, action: "environment.updated", resourceType: "environment", resourceId: opts.envId,
      metadata: { fields: Object.keys(data) },
    });
    return tx.environment.findUniqueOrThrow({ where: { id: opts.envId } });
  });
  return serializeEnvironment(env);
}

/**
 * Deletes an environment with its messages and deliveries (lib/delivery/history-delete.ts)
 * and, through the schema's cascades, its endpoints (with their subscriptions), ingestion keys
 * and visibility rows. The default environment stays: endpoints created without an
 * environmentId and the first ingestion key live there.
 */
export async function deleteEnvironment(opts: { workspaceId: string; envId: string; actor: Actor }) {
  await db.$transaction(async (tx) => {
    const env = await tx.environment.findFirst({ where: { id: opts.envId, workspaceId: opts.workspaceId } });
    if (!env) throw notFound("Environment");
    if (env.isDefault) throw new ApiError("conflict", "The default environment cannot be deleted");
    const [endpoints, ingestionKeys] = await Promise.all([
      tx.endpoint.count({ where: { environmentId: env.id } }),
      tx.ingestionKey.count({ where: { environmentId: env.id } }),
    ]);
    await deleteEnvironmentHistory(tx, env.id);
    await tx.environment.delete({ where: { id: env.id } });
    await recordAudit(tx, {
      workspaceId: opts.workspaceId, actor: opts.actor, action: "environment.deleted", resourceType: "environment", resourceId: env.id,
      metadata: { name: env.name, slug: env.slug, deletedEndpoints: endpoints, deletedIngestionKeys: ingestionKeys },
    });
  });
}
