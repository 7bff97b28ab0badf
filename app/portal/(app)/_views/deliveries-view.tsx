import { DeliveryFilters } from "@/components/portal/delivery-filters";
import { DeliveryTable } from "@/components/portal/delivery-table";
import { endpointDisplayName } from "@/components/portal/format";
import { ActivityIcon, ChevronRightIcon } from "@/components/portal/icons";
import { Card, DELIVERY_FILTER_LABELS, EmptyState, LinkButton, Notice, PageHeader } from "@/components/portal/ui";
import { ApiError } from "@/lib/http/errors";
import { listCatalog } from "@/lib/portal/catalog";
import { historyWindow, listPortalDeliveries, parsePortalFilters } from "@/lib/portal/deliveries";
import { listPortalEndpoints, type PortalEndpoint } from "@/lib/portal/endpoints";
import type { PortalContext } from "@/lib/portal/session";

export type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/**
 * Delivery history, newest first, with filters (all in the URL) and keyset pagination: across
 * the application (`endpoint` unset) or for one endpoint the caller already resolved.
 */
export async function DeliveriesView({ ctx, search, endpoint }: { ctx: PortalContext; search: Search; endpoint?: PortalEndpoint }) {
  const { filters, query, ignored } = parsePortalFilters((name) => one(search[name]));
  const filtered = query.size > 0;
  const cursor = one(search.cursor) || undefined;
  const basePath = endpoint ? `/portal/endpoints/${endpoint.id}/deliveries` : "/portal/deliveries";

  const [endpoints, catalog] = await Promise.all([listPortalEndpoints(ctx), ctx.showEventTypes ? listCatalog(ctx) : Promise.resolve([])]);
  let staleCursor = false;
  let page;
  try {
    page = await listPortalDeliveries(ctx, { ...filters, endpointId: endpoint?.id, cursor });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "invalid_cursor")) throw error;
    staleCursor = true;
    page = await listPortalDeliveries(ctx, { ...filters, endpointId: endpoint?.id });
  }

  const names = new Map(endpoints.map((e) => [e.id, endpointDisplayName(e)]));
  const href = (extra: Record<string, string>) => {
    const params = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `${basePath}${params.size ? `?${params}` : ""}`;
  };

  return (
    <>
      <PageHeader
        back={endpoint ? { href: `/portal/endpoints/${endpoint.id}`, label: "Back to endpoint" } : undefined}
        title="Deliveries"
        description={
          endpoint ? (
            <>Events sent to <span className="font-mono break-all text-slate-700">{names.get(endpoint.id)}</span> in the last {historyWindow()}, newest first.</>
          ) : (
            `Every event sent to your endpoints in the last ${historyWindow()}, newest first. Open one to see its payload and each attempt.`
          )
        }
      />
      <Card className="mb-4" bodyClassName="px-4 py-3 sm:px-5">
        <DeliveryFilters
          key={`${query}-${endpoint?.id}`}
          values={{
            status: filters.status ?? "", statusClass: filters.statusClass ?? "", eventType: filters.eventType ?? "",
            from: filters.from ?? "", to: filters.to ?? "", lookup: filters.deliveryId ?? filters.messageId ?? "",
          }}
          endpointId={endpoint?.id ?? ""}
          endpoints={endpoints.map((e) => ({ id: e.id, label: names.get(e.id)! }))}
          eventTypes={[...catalog.map((t) => t.name), "nahook.test"]}
        />
      </Card>
      {ignored.length > 0 && (
        <div className="mb-4">
          <Notice tone="amber">Some filters in the link were not valid and are not applied: {ignored.map((name) => DELIVERY_FILTER_LABELS[name] ?? name).join(", ")}.</Notice>
        </div>
      )}
      {staleCursor && (
        <div className="mb-4">
          <Notice tone="amber">That page link is no longer valid, so you are seeing the newest deliveries.</Notice>
        </div>
      )}
      <Card bodyClassName="">
        {page.deliveries.length === 0 ? (
          <EmptyState
            icon={<ActivityIcon />}
            title={filtered ? "No matching deliveries" : "No deliveries yet"}
            action={filtered ? <LinkButton href={basePath}>Clear filter</LinkButton> : endpoints.length === 0 ? <LinkButton href="/portal" variant="primary">Go to endpoints</LinkButton> : null}
          >
            {filtered
              ? `Nothing matches these filters in the last ${historyWindow()}.`
              : endpoints.length === 0
                ? "Add an endpoint and subscribe it to events; every delivery will be listed here."
                : "Deliveries appear here as soon as events are sent to your endpoints."}
          </EmptyState>
        ) : (
          <DeliveryTable deliveries={page.deliveries} endpointNames={endpoint ? undefined : names} />
        )}
      </Card>
      {(cursor || page.nextCursor) && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-3">
          {cursor ? <LinkButton href={href({})}>Newest</LinkButton> : <span />}
          {page.nextCursor && (
            <LinkButton href={href({ cursor: page.nextCursor })}>
              Older <ChevronRightIcon className="size-4" />
            </LinkButton>
          )}
        </nav>
      )}
    </>
  );
}
