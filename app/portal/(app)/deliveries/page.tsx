import { notFound } from "next/navigation";
import { DeliveryFilters } from "@/components/portal/delivery-filters";
import { DeliveryTable } from "@/components/portal/delivery-table";
import { endpointDisplayName } from "@/components/portal/format";
import { ActivityIcon, ChevronRightIcon } from "@/components/portal/icons";
import { Card, EmptyState, LinkButton, Notice, PageHeader } from "@/components/portal/ui";
import { DELIVERY_STATUSES } from "@/lib/api/management/deliveries";
import { resourceId } from "@/lib/api/schemas";
import type { DeliveryStatus } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { listPortalDeliveries } from "@/lib/portal/deliveries";
import { listPortalEndpoints } from "@/lib/portal/endpoints";
import { orNotFound } from "@/lib/portal/page-errors";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata = { title: "Deliveries" };

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePortalPage("deliveries:read");
  const search = await searchParams;
  const status = (DELIVERY_STATUSES as readonly string[]).includes(one(search.status)) ? (one(search.status) as DeliveryStatus) : undefined;
  const endpointId = one(search.endpoint) || undefined;
  if (endpointId && !resourceId.safeParse(endpointId).success) notFound();
  const cursor = one(search.cursor) || undefined;

  const endpoints = await listPortalEndpoints(ctx);
  let staleCursor = false;
  let page;
  try {
    page = await orNotFound(listPortalDeliveries(ctx, { endpointId, status, cursor }));
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "invalid_cursor")) throw error;
    staleCursor = true;
    page = await listPortalDeliveries(ctx, { endpointId, status });
  }

  const names = new Map(endpoints.map((e) => [e.id, endpointDisplayName(e)]));
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (status) params.set("status", status);
    if (endpointId) params.set("endpoint", endpointId);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `/portal/deliveries${params.size ? `?${params}` : ""}`;
  };
  const filtered = Boolean(status || endpointId);

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every event sent to your endpoints in the last 7 days, newest first. Open one to see its payload and each attempt."
      />
      <Card className="mb-4" bodyClassName="px-4 py-3 sm:px-5">
        <DeliveryFilters key={`${status}-${endpointId}`} status={status ?? ""} endpointId={endpointId ?? ""} endpoints={endpoints.map((e) => ({ id: e.id, label: names.get(e.id)! }))} />
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
            title={filtered ? "No matching deliveries" : "No deliveries yet"}
            action={filtered ? <LinkButton href="/portal/deliveries">Clear filters</LinkButton> : endpoints.length === 0 ? <LinkButton href="/portal" variant="primary">Go to endpoints</LinkButton> : null}
          >
            {filtered
              ? "Nothing matches these filters in the last 7 days."
              : endpoints.length === 0
                ? "Add an endpoint and subscribe it to events; every delivery will be listed here."
                : "Deliveries appear here as soon as events are sent to your endpoints."}
          </EmptyState>
        ) : (
          <DeliveryTable deliveries={page.deliveries} endpointNames={names} />
        )}
      </Card>
      {(cursor || page.nextCursor) && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-3">
          {cursor ? <LinkButton href={query({})}>Newest</LinkButton> : <span />}
          {page.nextCursor && (
            <LinkButton href={query({ cursor: page.nextCursor })}>
              Older <ChevronRightIcon className="size-4" />
            </LinkButton>
          )}
        </nav>
      )}
    </>
  );
}
