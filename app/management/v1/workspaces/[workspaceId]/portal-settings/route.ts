import { getPortalSettingsOp, updatePortalSettingsOp } from "@/lib/api/management/portal-settings";
import { managementRoute } from "@/lib/http/management-route";
import { getPortalSettings, updatePortalSettings } from "@/lib/portal-settings/settings";

export const GET = managementRoute(getPortalSettingsOp, ({ ctx }) => getPortalSettings({ workspaceId: ctx.workspace.id }));

export const PATCH = managementRoute(updatePortalSettingsOp, ({ ctx, body }) =>
  updatePortalSettings({ workspace: ctx.workspace, actor: ctx.actor, input: body }),
);
