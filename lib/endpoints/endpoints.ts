import type { z } from "zod";
import type { CreateEndpointBody, EndpointSchema, UpdateEndpointBody } from "@/lib/api/management/endpoints";
import type { Actor } from "@/lib/audit/record";
import { newEndpointSecret } from "@/lib/auth/secrets";
import { decryptCredential, encryptCredential, encryptNullable } from "@/lib/crypto/keyring";
import { recordAudit } from "@/lib/audit/record";
import { findApplicationRow } from "@/lib/applications/applications";
import { db, type Endpoint, type Prisma } from "@/lib/db/client";
import { config } from "@/lib/config";
import { ApiError, notFound } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { validateSlackWebhookUrl, validateWebhookUrl } from "./destination";
import { endpointHealth } from "./health";
import { deleteEndpointHistory } from "@/lib/delivery/history-delete";

export type EndpointDto = z.infer<typeof EndpointSchema>;
export type CreateEndpointInput = z.infer<typeof CreateEndpointBody>;
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointBody>;

/** `includeSecret` only for single reads and creation; lists never carry secrets. */
function serializeEndpoint(endpoint: Endpoint, opts: { includeSecret?: boolean } = {}): EndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    isActive: endpoint.isActive,
    type: endpoint.type,
    config: endpoint.config as Record<string, unknown>,
    ...(opts.includeSecret ? { secret: decryptCredential(endpoint.secret) } : {}),
    authUsername: endpoint.authUsername,
    hasAuth: endpoint.authUsername !== null || endpoint.authPassword !== null,
    metadata: endpoint.metadata as Record<string, string>,
    environmentId: endpoint.environmentId,
    applicationId: endpoint.applicationId,
    disabledReason: endpoint.disabledReason,
    lastDeliveryAt: endpoint.lastDeliveryAt?.toISOString() ?? null,
    maxInFlight: endpoint.maxInFlight ?? config().delivery.endpointMaxInFlight,
    throttleRate: endpoint.throttleRate,
    health: endpointHealth(endpoint),
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

interface Scope {
  workspaceId: string;
  /** When set, only this application's endpoints are visible (A6/A7 and the portal). */
  applicationId?: string;
}

function scopeWhere(scope: Scope): Prisma.EndpointWhereInput {
  return scope.applicationId ? { workspaceId: scope.workspaceId, applicationId: scope.applicationId } : { workspaceId: scope.workspaceId };
}

export async function listEndpointRows(scope: Scope): Promise<Endpoint[]> {
  return db.endpoint.findMany({ where: scopeWhere(scope), orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function findEndpointRow(scope: Scope & { endpointId: string }): Promise<Endpoint> {
  const endpoint = await db.endpoint.findFirst({ where: { id: scope.endpointId, ...scopeWhere(scope) } });
  if (!endpoint) throw notFound("Endpoint");
  return endpoint;
}

/** E1 and A6: a workspace's or one application's endpoints (an unknown application is a 404). */
export async function listEndpoints(scope: Scope): Promise<EndpointDto[]> {
  if (scope.applicationId) await findApplicationRow({ workspaceId: scope.workspaceId, appId: scope.applicationId });
  return (await listEndpointRows(scope)).map((row) => serializeEndpoint(row));
}

/** A single read carries the signing secret (spec: E3). */
export async function getEndpoint(scope: Scope & { endpointId: string }): Promise<EndpointDto> {
  return serializeEndpoint(await findEndpointRow(scope), { includeSecret: true });
}

/** Resolves type, url and config from either `url` or `config.webhookUrl` (Slack). */
async function destinationFor(type: "webhook" | "slack", input: { url?: string; config?: { webhookUrl?: string } }) {
  if (type === "slack") {
    const webhookUrl = input.config?.webhookUrl ?? input.url;
    if (!webhookUrl) throw new ApiError("validation_error", "config.webhookUrl: is required for Slack endpoints", [{ field: "config.webhookUrl", message: "is required" }]);
    const url = await validateSlackWebhookUrl(webhookUrl);
    return { url, config: { webhookUrl: url } };
  }
  if (!input.url) throw new ApiError("validation_error", "url: is required", [{ field: "url", message: "is required" }]);
  return { url: await validateWebhookUrl(input.url), config: {} };
}

export async function createEndpoint(opts: {
  workspaceId: string;
  applicationId?: string;
  actor: Actor;
  input: CreateEndpointInput;
  /** Portal-session metadata, merged under the endpoint's own metadata (spec §7.1). */
  extraMetadata?: Record<string, string>;
}): Promise<EndpointDto> {
  const { input } = opts;
  const type = input.type ?? "webhook";
  const destination = await destinationFor(type, input);
  const environment = input.environmentId
    ? await db.environment.findFirst({ where: { id: input.environmentId, workspaceId: opts.workspaceId } })
    : await db.environment.findFirst({ where: { workspaceId: opts.workspaceId, isDefault: true } });
  if (!environment) throw notFound("Environment");

  const endpoint = await db.$transaction(async (tx) => {
    if (opts.applicationId) {
      // Lock the application row so concurrent creations cannot both pass the maxEndpoints check.
      const apps = await tx.$queryRaw<{ maxEndpoints: number | null }[]>`
        SELECT "maxEndpoints" FROM applications WHERE id = ${opts.applicationId} AND "workspaceId" = ${opts.workspaceId} FOR UPDATE`;
      if (apps.length === 0) throw notFound("Application");
      const max = apps[0].maxEndpoints;
      if (max !== null && (await tx.endpoint.count({ where: { applicationId: opts.applicationId } })) >= max) {
        throw new ApiError("application_endpoint_limit_reached", `This application has reached its limit of ${max} endpoint${max === 1 ? "" : "s"}`);
      }
    }
    const created = await tx.endpoint.create({
      data: {
        id: newId("ep"),
        workspaceId: opts.workspaceId,
        environmentId: environment.id,
        applicationId: opts.applicationId ?? null,
        type,
        url: destination.url,
        config: destination.config,
        description: input.description ?? null,
        // Credentials are stored encrypted (lib/crypto/keyring.ts).
        secret: encryptCredential(newEndpointSecret()),
        authUsername: input.authUsername ?? null,
        authPassword: encryptNullable(input.authPassword),
        metadata: { ...(opts.extraMetadata ?? {}), ...(input.metadata ?? {}) },
        maxInFlight: input.maxInFlight ?? null,
        throttleRate: input.throttleRate ?? null,
      },
    });
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "endpoint.created", resourceType: "endpoint", resourceId: created.id, metadata: { type, applicationId: created.applicationId } });
    return created;
  });
  return serializeEndpoint(endpoint, { includeSecret: true });
}

export async function updateEndpoint(opts: Scope & { endpointId: string; actor: Actor; input: UpdateEndpointInput }): Promise<EndpointDto> {
  const current = await findEndpointRow(opts);
  const { input } = opts;
  const data: Prisma.EndpointUpdateInput = {};
  if (input.url !== undefined || input.config?.webhookUrl !== undefined) {
    const destination = await destinationFor(current.type, { url: input.url, config: input.config });
    data.url = destination.url;
    data.config = destination.config;
  }
  if (input.description !== undefined) data.description = input.description;
  if (input.metadata !== undefined) data.metadata = input.metadata;
  if (input.authUsername !== undefined) data.authUsername = input.authUsername;
  if (input.authPassword !== undefined) data.authPassword = encryptNullable(input.authPassword);
  if (input.maxInFlight !== undefined) data.maxInFlight = input.maxInFlight;
  if (input.throttleRate !== undefined) data.throttleRate = input.throttleRate;
  if (input.isActive !== undefined) {
    data.isActive = input.isActive;
    // Resuming starts a clean slate: the platform's reason for disabling no longer applies,
    // and the circuit closes (the user says the receiver is fixed).
    if (input.isActive) Object.assign(data, { disabledReason: null, failingSince: null, consecutiveFailures: 0, nextProbeAt: null });
  }
  const endpoint = await db.$transaction(async (tx) => {
    const { count } = await tx.endpoint.updateMany({ where: { id: current.id, ...scopeWhere(opts) }, data: data as Prisma.EndpointUpdateManyMutationInput });
    if (count === 0) throw notFound("Endpoint");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "endpoint.updated", resourceType: "endpoint", resourceId: current.id, metadata: { fields: Object.keys(data) } });
    return tx.endpoint.findUniqueOrThrow({ where: { id: current.id } });
  });
  return serializeEndpoint(endpoint);
}

export async function deleteEndpoint(opts: Scope & { endpointId: string; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const found = await tx.endpoint.count({ where: { id: opts.endpointId, ...scopeWhere(opts) } });
    if (found === 0) throw notFound("Endpoint");
    await deleteEndpointHistory(tx, opts.endpointId);
    const { count } = await tx.endpoint.deleteMany({ where: { id: opts.endpointId, ...scopeWhere(opts) } });
    if (count === 0) throw notFound("Endpoint");
    await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "endpoint.deleted", resourceType: "endpoint", resourceId: opts.endpointId });
  });
}
