import {
  deleteApplicationPortalSettingsOp,
  getApplicationPortalSettingsOp,
  updateApplicationPortalSettingsOp,
} from "@/lib/api/management/portal-settings";
import { managementRoute } from "@/lib/http/management-route";
import { deleteApplicationPortalSettings, getApplicationPortalSettings, updateApplicationPortalSettings } from "@/lib/portal-settings/settings";

export const GET = managementRoute(getApplicationPortalSettingsOp, ({ ctx, params }) => getApplicationPortalSettings({ workspaceId: ctx.workspace.id, appId: params.appId }));

export const PATCH = managementRoute(updateApplicationPortalSettingsOp, ({ ctx, params, body }) =>
  updateApplicationPortalSettings({ workspace: ctx.workspace, appId: params.appId, actor: ctx.actor, input: body }),
);

export const DELETE = managementRoute(deleteApplicationPortalSettingsOp, async ({ ctx, params }) => {
  await deleteApplicationPortalSettings({ workspaceId: ctx.workspace.id, appId: params.appId, actor: ctx.actor });
  return null;
});
