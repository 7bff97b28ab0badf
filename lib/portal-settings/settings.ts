import type { z } from "zod";
import type {
  ApplicationPortalSettingsSchema,
  PortalSettingsSchema,
  UpdateApplicationPortalSettingsBody,
  UpdatePortalSettingsBody,
} from "@/lib/api/management/portal-settings";
import type { Actor } from "@/lib/audit/record";
import { PAID_PLANS, requirePlan } from "@/lib/auth/plans";
import { recordAudit } from "@/lib/audit/record";
import { db, type ApplicationPortalBranding, type PortalSettings, type Workspace } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { brandTheme, DEFAULT_BRANDING, mergeBranding, type Branding, type BrandingOverride } from "./branding";

export type PortalSettingsDto = z.infer<typeof PortalSettingsSchema>;
export type ApplicationPortalSettingsDto = z.infer<typeof ApplicationPortalSettingsSchema>;

/** Removing Nahook's footer is a paid feature (the portal itself is Pro, but settings are open to every plan). */
export const HIDE_FOOTER_PLANS = PAID_PLANS;

export function workspaceBranding(row: PortalSettings | null): Branding {
  if (!row) return { ...DEFAULT_BRANDING };
  return { displayName: row.displayName, logoUrl: row.logoUrl, primaryColor: row.primaryColor, colorScheme: row.colorScheme, hideFooter: row.hideFooter };
}

function overrideOf(row: ApplicationPortalBranding | null): BrandingOverride {
  return {
    displayName: row?.displayName ?? null, logoUrl: row?.logoUrl ?? null, primaryColor: row?.primaryColor ?? null,
    colorScheme: row?.colorScheme ?? null, hideFooter: row?.hideFooter ?? null,
  };
}

function brandingDto(b: Branding) {
  return { ...b, buttonTextColor: brandTheme(b.primaryColor)?.buttonTextColor ?? null };
}

function serializeSettings(row: PortalSettings | null): PortalSettingsDto {
  return {
    embedding: { allowedOrigins: row?.allowedOrigins ?? [] },
    branding: brandingDto(workspaceBranding(row)),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** Reading never writes: a workspace without a row simply has the defaults. */
export async function getPortalSettings(opts: { workspaceId: string }): Promise<PortalSettingsDto> {
  return serializeSettings(await db.portalSettings.findUnique({ where: { workspaceId: opts.workspaceId } }));
}

export async function updatePortalSettings(opts: {
  workspace: Pick<Workspace, "id" | "plan">;
  actor: Actor;
  input: z.infer<typeof UpdatePortalSettingsBody>;
}): Promise<PortalSettingsDto> {
  const { embedding, branding } = opts.input;
  if (branding?.hideFooter === true) requirePlan(opts.workspace, HIDE_FOOTER_PLANS);
  const data = { ...(embedding ? { allowedOrigins: embedding.allowedOrigins } : {}), ...(branding ?? {}) };
  const row = await db.$transaction(async (tx) => {
    const saved = await tx.portalSettings.upsert({ where: { workspaceId: opts.workspace.id }, create: { workspaceId: opts.workspace.id, ...data }, update: data });
    await recordAudit(tx, {
      workspaceId: opts.workspace.id, actor: opts.actor, action: "portal_settings.updated", resourceType: "workspace", resourceId: opts.workspace.id,
      metadata: { fields: [...(embedding ? ["embedding.allowedOrigins"] : []), ...Object.keys(branding ?? {}).map((k) => `branding.${k}`)] },
    });
    return saved;
  });
  return serializeSettings(row);
}

async function applicationSettings(workspaceId: string, appId: string): Promise<ApplicationPortalSettingsDto> {
  const app = await db.application.findFirst({
    where: { id: appId, workspaceId },
    select: { id: true, portalBranding: true, workspace: { select: { portalSettings: true } } },
  });
  if (!app) throw notFound("Application");
  const override = overrideOf(app.portalBranding);
  return {
    applicationId: app.id,
    branding: override,
    effectiveBranding: brandingDto(mergeBranding(workspaceBranding(app.workspace.portalSettings), override)),
    updatedAt: app.portalBranding?.updatedAt.toISOString() ?? null,
  };
}

export function getApplicationPortalSettings(opts: { workspaceId: string; appId: string }) {
  return applicationSettings(opts.workspaceId, opts.appId);
}

export async function updateApplicationPortalSettings(opts: {
  workspace: Pick<Workspace, "id" | "plan">;
  appId: string;
  actor: Actor;
  input: z.infer<typeof UpdateApplicationPortalSettingsBody>;
}): Promise<ApplicationPortalSettingsDto> {
  const data = opts.input.branding;
  if (data.hideFooter === true) requirePlan(opts.workspace, HIDE_FOOTER_PLANS);
  await db.$transaction(async (tx) => {
    // Tenant check first: another workspace's application id is a 404, never a write.
    const app = await tx.application.findFirst({ where: { id: opts.appId, workspaceId: opts.workspace.id }, select: { id: true } });
    if (!app) throw notFound("Application");
    await tx.applicationPortalBranding.upsert({
      where: { applicationId: app.id },
      create: { applicationId: app.id, workspaceId: opts.workspace.id, ...data },
      update: data,
    });
    await recordAudit(tx, {
      workspaceId: opts.workspace.id, actor: opts.actor, action: "application.portal_branding_updated", resourceType: "application", resourceId: app.id,
      metadata: { fields: Object.keys(data) },
    });
  });
  return applicationSettings(opts.workspace.id, opts.appId);
}

export async function deleteApplicationPortalSettings(opts: { workspaceId: string; appId: string; actor: Actor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const app = await tx.application.findFirst({ where: { id: opts.appId, workspaceId: opts.workspaceId }, select: { id: true } });
    if (!app) throw notFound("Application");
    const { count } = await tx.applicationPortalBranding.deleteMany({ where: { applicationId: app.id, workspaceId: opts.workspaceId } });
    if (count) {
      await recordAudit(tx, { workspaceId: opts.workspaceId, actor: opts.actor, action: "application.portal_branding_removed", resourceType: "application", resourceId: app.id });
    }
  });
}

/** Everything the portal's layout needs to dress one application's portal, in one query. */
export async function portalBrandingFor(workspaceId: string, applicationId: string): Promise<Branding> {
  const app = await db.application.findFirst({
    where: { id: applicationId, workspaceId },
    select: { portalBranding: true, workspace: { select: { plan: true, portalSettings: true } } },
  });
  if (!app) return { ...DEFAULT_BRANDING };
  const branding = mergeBranding(workspaceBranding(app.workspace.portalSettings), overrideOf(app.portalBranding));
  // A workspace that moved down to a plan without the feature shows the footer again.
  if (!HIDE_FOOTER_PLANS.includes(app.workspace.plan)) branding.hideFooter = false;
  return branding;
}
