import { notFound } from "next/navigation";
import { TagIcon } from "@/components/portal/icons";
import { Card, EmptyState, PageHeader } from "@/components/portal/ui";
import { pluralize } from "@/components/portal/format";
import { listCatalogWithUsage } from "@/lib/portal/catalog";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata = { title: "Event catalog" };

export default async function EventCatalogPage() {
  const ctx = await requirePortalPage("event_types:read");
  // The operator chose not to show the catalog to this application's customers.
  if (!ctx.showEventTypes) notFound();
  const types = await listCatalogWithUsage(ctx);
  return (
    <>
      <PageHeader
        title="Event catalog"
        description={`Every event ${ctx.applicationName} can send you. Subscribe an endpoint to the ones you need on the endpoint's page.`}
      />
      <Card bodyClassName="">
        {types.length === 0 ? (
          <EmptyState icon={<TagIcon />} title="No event types yet">
            Nothing is published yet. Event types appear here as soon as {ctx.applicationName} makes them available.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="event-catalog">
            {types.map((t) => (
              <li key={t.id} className="flex flex-col gap-1 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:gap-6 sm:px-5">
                <div className="min-w-0">
                  <p className="font-mono text-sm font-medium break-all text-slate-900">{t.name}</p>
                  <p className="mt-0.5 text-sm text-slate-500">{t.description ?? "No description."}</p>
                </div>
                <p className="shrink-0 text-xs text-slate-500">
                  {t.subscribedEndpoints === 0 ? "Not subscribed" : `${pluralize(t.subscribedEndpoints, "endpoint")} subscribed`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
