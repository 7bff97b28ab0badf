import type { z } from "zod";
import type { ApplicationSchema, CreateApplicationBody, UpdateApplicationBody } from "@/lib/api/management/applications";
import type { Actor } from "@/lib/audit/record";
import { recordAudit } from "@/lib/audit/record";
import { db, type Application, type Prisma } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { deleteApplicationHistory } from "@/lib/delivery/history-delete";

export type ApplicationDto = z.infer<typeof ApplicationSchema>;

function serializeApplication(app: Application): ApplicationDto {
  return {
    id: app.id,
    externalId: app.externalId,
    name: app.name,
    metadata: app.metadata as Record<string, string>,
    maxEndpoints: app.maxEndpoints,
    showEventTypes: app.showEventTypes,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

export async function listApplications(opts: { workspaceId: string; limit?: number; offset?: number }) {
  const apps = await db.application.findMany({
    where: { workspaceId: opts.workspaceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: opts.limit ?? 50,
    skip: opts.offset ?? 0,
  });
  return apps.map(serializeApplication);
}

/** Tenant-scoped lookup: an application of another workspace is simply not found. */
export async function findApplicationRow(opts: { workspaceId: string; appId: string }): Promise<Application> {
  const app = await db.application.findFirst({ where: { id: opts.appId, workspaceId: opts.workspaceId } });
  if (!app) throw notFound("Application");
  return app;
}

export async function getApplication(opts: { workspaceId: string; appId: string }): Promise<ApplicationDto> {
  return serializeApplication(await findApplicationRow(opts));
}

export async function createApplication(opts: { workspaceId: string; actor: Actor; input: z.infer<typeof CreateApplicationBody> }) {
  const { input } = opts;
  try {
    const app = await db.$transaction(async (tx) => {
      const created = await tx.application.create({
        data: {
          id: newId("app"),
          workspaceId: opts.workspaceId,
          name: input.name,
          externalId: input.externalId ?? null,
          metadata: input.metadata ?? {},
          maxEndpoints: input.maxEndpoints ?? null,
          showEventTypes: input.showEventTypes ?? true,
        },
      });
      await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "application.created", resourceType: "application", resourceId: created.id });
      return created;
    });
    return serializeApplication(app);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "An application with this externalId already exists");
    throw error;
  }
}

export async function updateApplication(opts: { workspaceId: string; appId: string; actor: Actor; input: z.infer<typeof UpdateApplicationBody> }) {
  const { input } = opts;
  const data: Prisma.ApplicationUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.metadata !== undefined) data.metadata = input.metadata;
  if (input.maxEndpoints !== undefined) data.maxEndpoints = input.maxEndpoints;
  if (input.showEventTypes !== undefined) data.showEventTypes = input.showEventTypes;
  const app = await db.$transaction(async (tx) => {
    const { count } = await tx.application.updateMany({ where: { id: opts.appId, workspaceId: opts.workspaceId }, data });
    if (count === 0) throw notFound("Application");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "application.updated", resourceType: "application", resourceId: opts.appId, metadata: { fields: Object.keys(data) } });
    return tx.application.findUniqueOrThrow({ where: { id: opts.appId } });
  });
  return serializeApplication(app);
}

export async function deleteApplication(opts: { workspaceId: string; appId: string; actor: Actor }) {
  await db.$transaction(async (tx) => {
    const found = await tx.application.count({ where: { id: opts.appId, workspaceId: opts.workspaceId } });
    if (found === 0) throw notFound("Application");
    await deleteApplicationHistory(tx, opts.appId);
    const { count } = await tx.application.deleteMany({ where: { id: opts.appId, workspaceId: opts.workspaceId } });
    if (count === 0) throw notFound("Application");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "application.deleted", resourceType: "application", resourceId: opts.appId });
  });
}
