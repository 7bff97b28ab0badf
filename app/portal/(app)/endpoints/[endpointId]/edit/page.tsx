import { EndpointForm } from "@/components/portal/endpoint-form";
import { endpointDisplayName } from "@/components/portal/format";
import { Card, PageHeader } from "@/components/portal/ui";
import { defaultMaxInFlight, slackWebhookHosts } from "@/lib/portal/endpoints";
import { endpointForPage } from "@/lib/portal/page-data";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata = { title: "Edit endpoint" };

export default async function EditEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  await requirePortalPage("endpoints:write");
  const { endpoint } = await endpointForPage((await params).endpointId);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Edit endpoint"
        description={<span className="font-mono break-all" data-testid="editing-endpoint">{endpointDisplayName(endpoint)}</span>}
        back={{ href: `/portal/endpoints/${endpoint.id}`, label: "Back to endpoint" }}
      />
      <Card>
        <EndpointForm mode="edit" slackHosts={slackWebhookHosts()} defaultMaxInFlight={defaultMaxInFlight()} endpoint={{
            // A Slack webhook URL is a credential: the browser only ever gets its masked form.
            ...(endpoint.type === "slack"
              ? { id: endpoint.id, type: endpoint.type, url: "", maskedUrl: endpointDisplayName(endpoint), description: endpoint.description }
              : { id: endpoint.id, type: endpoint.type, url: endpoint.url, description: endpoint.description }),
            maxInFlight: endpoint.maxInFlightIsDefault ? null : endpoint.maxInFlight,
            throttleRate: endpoint.throttleRate,
          }} />
      </Card>
    </div>
  );
}
