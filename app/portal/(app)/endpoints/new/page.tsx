import { EndpointForm } from "@/components/portal/endpoint-form";
import { Card, LinkButton, Notice, PageHeader } from "@/components/portal/ui";
import { slackWebhookHosts } from "@/lib/portal/endpoints";
import { listCatalog } from "@/lib/portal/catalog";
import { countPortalEndpoints } from "@/lib/portal/endpoints";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata = { title: "Add endpoint" };

export default async function NewEndpointPage() {
  const ctx = await requirePortalPage("endpoints:write");
  const [catalog, count] = await Promise.all([ctx.showEventTypes ? listCatalog(ctx) : Promise.resolve(undefined), countPortalEndpoints(ctx)]);
  const limitReached = ctx.maxEndpoints !== null && count >= ctx.maxEndpoints;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Add endpoint" description="Tell us where to send events." back={{ href: "/portal", label: "Endpoints" }} />
      {limitReached ? (
        <Notice tone="amber" title="Endpoint limit reached">
          <p>
            {ctx.maxEndpoints === 0
              ? "Your account can't add endpoints here."
              : `Your account can have up to ${ctx.maxEndpoints} endpoint${ctx.maxEndpoints === 1 ? "" : "s"}. Delete one to add another.`}
          </p>
          <div className="mt-3">
            <LinkButton href="/portal" size="sm">Back to endpoints</LinkButton>
          </div>
        </Notice>
      ) : (
        <Card>
          <EndpointForm mode="create" slackHosts={slackWebhookHosts()} catalog={catalog} />
        </Card>
      )}
    </div>
  );
}
