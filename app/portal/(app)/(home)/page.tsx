import { EndpointList } from "@/components/portal/endpoint-list";
import { PlusIcon, WebhookIcon } from "@/components/portal/icons";
import { Card, EmptyState, LinkButton, Notice, PageHeader } from "@/components/portal/ui";
import { listPortalEndpoints } from "@/lib/portal/endpoints";
import { requirePortalPage } from "@/lib/portal/session";

export default async function EndpointsPage() {
  const ctx = await requirePortalPage("endpoints:read");
  const endpoints = await listPortalEndpoints(ctx);
  const canCreate = ctx.can("endpoints:write");
  const limitReached = ctx.maxEndpoints !== null && endpoints.length >= ctx.maxEndpoints;
  const addButton =
    canCreate && !limitReached ? (
      <LinkButton href="/portal/endpoints/new" variant="primary">
        <PlusIcon className="size-4" /> Add endpoint
      </LinkButton>
    ) : null;

  return (
    <>
      <PageHeader
        title="Endpoints"
        description={`Endpoints are where ${ctx.applicationName} sends events: your own HTTPS URL or a Slack channel.`}
        actions={endpoints.length > 0 ? addButton : null}
      />
      {canCreate && limitReached && ctx.maxEndpoints !== null && (
        <div className="mb-4">
          <Notice tone="amber" title="Endpoint limit reached">
            {ctx.maxEndpoints === 0
              ? "Your account can't add endpoints here. Contact the application's support team if you need one."
              : `Your account can have up to ${ctx.maxEndpoints} endpoint${ctx.maxEndpoints === 1 ? "" : "s"}. Delete one to add another.`}
          </Notice>
        </div>
      )}
      <Card bodyClassName="">
        {endpoints.length === 0 ? (
          <EmptyState icon={<WebhookIcon />} title="No endpoints yet" action={addButton}>
            {canCreate
              ? "Add an endpoint to start receiving events — a URL on your server, or a Slack channel. You choose which events it gets."
              : "No endpoints have been set up yet. Someone with editor or admin access can add one."}
          </EmptyState>
        ) : (
          <EndpointList endpoints={endpoints} />
        )}
      </Card>
    </>
  );
}
