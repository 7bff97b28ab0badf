import { createPortalSessionOp } from "@/lib/api/management/portal";
import { managementRoute } from "@/lib/http/management-route";
import { createPortalCode } from "@/lib/portal/codes";
import { portalBaseUrl } from "@/lib/http/public-origin";

export const POST = managementRoute(createPortalSessionOp, ({ request, ctx, params, body }) =>
  createPortalCode({ workspaceId: ctx.workspace.id, appId: params.appId, actor: ctx.actor, input: body, baseUrl: portalBaseUrl(request) }),
);
