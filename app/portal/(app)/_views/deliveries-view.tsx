import { DeliveryFilters } from "@/components/portal/delivery-filters";
import { DeliveryTable } from "@/components/portal/delivery-table";
import { endpointDisplayName } from "@/components/portal/format";
import { ActivityIcon, ChevronRightIcon } from "@/components/portal/icons";
import { Card, EmptyState, LinkButton, Notice, PageHeader } from "@/components/portal/ui";
import { DELIVERY_STATUSES } from "@/lib/api/management/deliveries";
import type { DeliveryStatus } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { historyWindow, listPortalDeliveries } from "@/lib/portal/deliveries";
import { listPortalEndpoints, type PortalEndpoint } from "@/lib/portal/endpoints";
import type { PortalContext } from "@/lib/portal/session";

export type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/**
 * Delivery history, newest first, with a status filter and keyset pagination: across the
 * application (`endpoint` unset) or for one endpoint the caller already resolved.
 */
export async function DeliveriesView({ ctx, search, endpoint }: { ctx: PortalContext; search: Search; endpoint?: PortalEndpoint }) {
  const status = (DELIVERY_STATUSES as readonly string[]).includes(one(search.status)) ? (one(search.status) as DeliveryStatus) : undefined;
  const cursor = one(search.cursor) || undefined;
  const basePath = endpoint ? `/portal/endpoints/${endpoint.id}/deliveries` : "/portal/deliveries";

  const endpoints = await listPortalEndpoints(ctx);
  let staleCursor = false;
  let page;
  try {
    page = await listPortalDeliveries(ctx, { endpointId: endpoint?.id, status, cursor });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "invalid_cursor")) throw error;
    staleCursor = true;
    page = await listPortalDeliveries(ctx, { endpointId: endpoint?.id, status });
  }

  const names = new Map(endpoints.map((e) => [e.id, endpointDisplayName(e)]));
  const href = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (status) params.set("status", status);
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
          key={`${status}-${endpoint?.id}`}
          status={status ?? ""}
          endpointId={endpoint?.id ?? ""}
          endpoints={endpoints.map((e) => ({ id: e.id, label: names.get(e.id)! }))}
        />
      </Card>
      {staleCursor && (
        <div className="mb-4">
          <Notice tone="amber">That page link is no longer valid, so you are seeing the newest deliveries.</Notice>
        </div>
      )}
      <Card bodyClassName="">
        {page.deliveries.length === 0 ? (
          <EmptyState
            icon={<ActivityIcon />}
            title={status ? "No matching deliveries" : "No deliveries yet"}
            action={status ? <LinkButton href={basePath}>Clear filter</LinkButton> : endpoints.length === 0 ? <LinkButton href="/portal" variant="primary">Go to endpoints</LinkButton> : null}
          >
            {status
              ? `Nothing with this status in the last ${historyWindow()}.`
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
