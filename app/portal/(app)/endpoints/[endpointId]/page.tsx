import { CopyableId } from "@/components/portal/copy-button";
import { DeliveryTable } from "@/components/portal/delivery-table";
import { EndpointActions } from "@/components/portal/endpoint-actions";
import { endpointDisplayName, hoursInWords } from "@/components/portal/format";
import { ActivityIcon, SlackIcon, TagIcon, WebhookIcon } from "@/components/portal/icons";
import { LocalTime } from "@/components/portal/local-time";
import { RecoverPanel } from "@/components/portal/recover-panel";
import { SecretPanel } from "@/components/portal/secret-panel";
import { StatsPanel } from "@/components/portal/stats-charts";
import { SubscriptionList } from "@/components/portal/subscription-list";
import { Card, CircuitBadge, Code, DefinitionList, EmptyState, EndpointStateBadge, LinkButton, Notice, PageHeader } from "@/components/portal/ui";
import { listPortalDeliveries, waitingDeliveries } from "@/lib/portal/deliveries";
import { subscribedNames, subscriptionItems } from "@/lib/portal/endpoints";
import { failingDisableHours, secretGraceHours } from "@/lib/portal/operations";
import { endpointForPage } from "@/lib/portal/page-data";
import { latestRecoverJob } from "@/lib/recovery/recover-jobs";
import { deliveryStats, isStatsWindow, type StatsWindow } from "@/lib/stats/stats";

export const metadata = { title: "Endpoint" };

export default async function EndpointPage({ params, searchParams }: { params: Promise<{ endpointId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, endpoint } = await endpointForPage((await params).endpointId);
  const rawWindow = (await searchParams).window;
  const window: StatsWindow = typeof rawWindow === "string" && isStatsWindow(rawWindow) ? rawWindow : "24h";
  const canRecover = ctx.can("deliveries:retry");
  const tenant = { workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, endpointId: endpoint.id };
  const [items, names, recent, stats, lastJob, waiting] = await Promise.all([
    ctx.showEventTypes ? subscriptionItems(ctx, endpoint.id) : Promise.resolve([]),
    ctx.showEventTypes ? Promise.resolve([]) : subscribedNames(ctx, endpoint.id),
    listPortalDeliveries(ctx, { endpointId: endpoint.id, limit: 10 }),
    deliveryStats({ ...tenant, window }),
    canRecover ? latestRecoverJob(tenant) : Promise.resolve(null),
    canRecover ? waitingDeliveries(endpoint.id) : Promise.resolve({ count: 0, capped: false }),
  ]);
  const name = endpointDisplayName(endpoint);
  const canWrite = ctx.can("endpoints:write");
  const canSubscribe = ctx.can("subscriptions:write");
  const typeLabel = endpoint.type === "slack" ? "Slack" : "Webhook";

  return (
    <>
      <PageHeader
        back={{ href: "/portal", label: "Endpoints" }}
        title={
          <span className="flex min-w-0 items-center gap-3">
            <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-600">
              {endpoint.type === "slack" ? <SlackIcon className="size-5" /> : <WebhookIcon className="size-5" />}
            </span>
            <span className="min-w-0 font-mono text-base break-all sm:text-lg" data-testid="endpoint-title">{name}</span>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <EndpointStateBadge isActive={endpoint.isActive} disabledReason={endpoint.disabledReason} />
            {endpoint.isActive && <CircuitBadge state={endpoint.health.state} />}
            <span>{typeLabel} endpoint</span>
            {endpoint.description && <span className="hidden text-slate-500 sm:inline" aria-hidden="true">·</span>}
            {endpoint.description && <span className="text-slate-600">{endpoint.description}</span>}
          </span>
        }
        actions={<EndpointActions endpoint={{ id: endpoint.id, displayName: name, isActive: endpoint.isActive }} canWrite={canWrite} canDelete={ctx.can("endpoints:delete")} />}
      />

      {endpoint.disabledReason && (
        <div className="mb-6">
          <Notice tone="red" title="This endpoint was disabled automatically">
            {endpoint.disabledReason === "gone"
              ? "Your server answered 410 Gone, so we stopped sending events."
              : "Deliveries kept failing, so we paused it to protect your server."}{" "}
            {canWrite ? "Fix the problem, then enable it again." : "Ask someone with editor access to enable it again once the problem is fixed."}
          </Notice>
        </div>
      )}

      {endpoint.isActive && endpoint.health.state !== "closed" && (
        <div className="mb-6" data-testid="circuit-notice">
          <Notice tone="amber" title={endpoint.health.state === "open" ? "Deliveries to this endpoint are paused" : "Checking whether this endpoint has recovered"}>
            Your server failed {endpoint.health.consecutiveFailures} deliveries in a row
            {endpoint.health.failingSince ? <> (failing since <LocalTime iso={endpoint.health.failingSince} />)</> : null}, so new events wait instead of
            being sent and retried. Waiting does not use up their retries.{" "}
            {endpoint.health.state === "open" && endpoint.health.nextProbeAt ? (
              <>We will try one delivery again at <LocalTime iso={endpoint.health.nextProbeAt} />; </>
            ) : (
              <>One delivery is being tried now; </>
            )}
            as soon as one succeeds, the waiting events are delivered. If it keeps failing for {hoursInWords(failingDisableHours())}, the endpoint is disabled.
          </Notice>
        </div>
      )}

      <div className="mb-6">
        <StatsPanel stats={stats} idPrefix="endpoint" scope="this endpoint" hrefFor={(w) => `/portal/endpoints/${endpoint.id}?window=${w}`} />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card
            title="Subscribed events"
            description={ctx.showEventTypes ? "This endpoint receives only the events switched on here." : "The events this endpoint receives are managed for you."}
            bodyClassName=""
          >
            {ctx.showEventTypes ? (
              items.length === 0 ? (
                <EmptyState icon={<TagIcon />} title="No event types yet">No events are available to subscribe to yet.</EmptyState>
              ) : (
                <SubscriptionList endpointId={endpoint.id} items={items} canWrite={canSubscribe} />
              )
            ) : names.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">No events are configured for this endpoint yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {names.map((n) => (
                  <li key={n} className="px-5 py-3 font-mono text-sm text-slate-900">{n}</li>
                ))}
              </ul>
            )}
          </Card>

          <Card
            title="Recent deliveries"
            actions={recent.deliveries.length > 0 ? <LinkButton href={`/portal/endpoints/${endpoint.id}/deliveries`} size="sm">View all</LinkButton> : null}
            bodyClassName=""
          >
            {recent.deliveries.length === 0 ? (
              <EmptyState icon={<ActivityIcon />} title="No deliveries yet">
                {endpoint.subscriptionCount === 0 && ctx.showEventTypes
                  ? "Subscribe this endpoint to at least one event type to start receiving events."
                  : canWrite
                    ? "Events will show up here as they are sent. Use “Send test event” to try it now."
                    : "Events will show up here as they are sent."}
              </EmptyState>
            ) : (
              <DeliveryTable deliveries={recent.deliveries} />
            )}
          </Card>
        </div>

        <div className="min-w-0 space-y-6">
          {canRecover && (
            <Card title="Recover failed deliveries">
              <RecoverPanel endpointId={endpoint.id} initialJob={lastJob} disabled={!endpoint.isActive} waiting={waiting} />
            </Card>
          )}
          {endpoint.type === "webhook" ? (
            <Card title="Signing secret">
              <SecretPanel endpointId={endpoint.id} canRotate={canWrite} graceHours={secretGraceHours()} previousSecretValidUntil={endpoint.previousSecretValidUntil} />
            </Card>
          ) : (
            <Card title="Slack delivery">
              <p className="text-sm text-slate-600">Events are posted as messages to the channel of this incoming webhook. Slack authenticates the URL itself, so there is no signing secret.</p>
            </Card>
          )}
          <Card title="Details">
            <DefinitionList
            stacked
              items={[
                { term: "Endpoint ID", value: <CopyableId value={endpoint.id} label="Copy endpoint ID" /> },
                { term: "Type", value: typeLabel },
                { term: "Parallel deliveries", value: `${endpoint.maxInFlight}${endpoint.maxInFlightIsDefault ? " (default)" : ""}` },
                { term: "Rate limit", value: endpoint.throttleRate === null ? "None" : `${endpoint.throttleRate} per second` },
                { term: "Created", value: <LocalTime iso={endpoint.createdAt} /> },
                { term: "Updated", value: <LocalTime iso={endpoint.updatedAt} /> },
                ...(Object.keys(endpoint.metadata).length
                  ? [{
                      term: "Metadata",
                      value: (
                        <ul className="space-y-1">
                          {Object.entries(endpoint.metadata).map(([k, v]) => (
                            <li key={k} className="break-all"><Code>{k}</Code> <span className="text-slate-600">{v}</span></li>
                          ))}
                        </ul>
                      ),
                    }]
                  : []),
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
