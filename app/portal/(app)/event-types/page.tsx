import { notFound } from "next/navigation";
import { CopyButton } from "@/components/portal/copy-button";
import { TagIcon } from "@/components/portal/icons";
import { Badge, Card, EmptyState, PageHeader } from "@/components/portal/ui";
import { pluralize } from "@/components/portal/format";
import { listCatalogWithUsage, type CatalogEntry } from "@/lib/portal/catalog";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata = { title: "Event catalog" };

function FieldList({ entry }: { entry: CatalogEntry }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
      <table className="w-full text-left text-sm" data-testid="schema-fields">
        <caption className="sr-only">Payload fields of {entry.name}</caption>
        <thead className="bg-slate-50 text-xs font-medium text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">Field</th>
            <th scope="col" className="px-3 py-2">Type</th>
            <th scope="col" className="px-3 py-2">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entry.fields.map((f) => (
            <tr key={f.path} className="align-top">
              <td className="px-3 py-2 font-mono text-xs break-all text-slate-900">
                {f.path}
                {f.required && <span className="ml-1.5 align-middle"><Badge tone="amber">required</Badge></span>}
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-600">{f.type}</td>
              <td className="px-3 py-2 text-xs text-slate-600">
                {f.description ?? <span className="text-slate-500">—</span>}
                {f.notes && <span className="mt-0.5 block text-slate-500">{f.notes}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

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
              <li key={t.id} className="px-4 py-4 sm:px-5" data-testid={`event-type-${t.name}`}>
                <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
                  <div className="min-w-0">
                    <h2 className="font-mono text-sm font-medium break-all text-slate-900">{t.name}</h2>
                    <p className="mt-0.5 text-sm text-slate-500">{t.description ?? "No description."}</p>
                  </div>
                  <p className="shrink-0 text-xs text-slate-500">
                    {t.subscribedEndpoints === 0 ? "Not subscribed" : `${pluralize(t.subscribedEndpoints, "endpoint")} subscribed`}
                  </p>
                </div>
                {(t.fields.length > 0 || t.exampleJson) && (
                  <div className="mt-3 grid gap-3 lg:grid-cols-2">
                    {t.fields.length > 0 && (
                      <div className="min-w-0">
                        <h3 className="mb-1.5 text-xs font-semibold text-slate-700">Payload fields</h3>
                        <FieldList entry={t} />
                        {t.schemaJson && (
                          <details className="mt-2 text-xs">
                            <summary className="cursor-pointer text-slate-500 hover:text-slate-800">JSON Schema</summary>
                            <div className="mt-2 flex justify-end"><CopyButton value={t.schemaJson} label={`Copy the JSON Schema of ${t.name}`} showText /></div>
                            <pre className="mt-1 max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">{t.schemaJson}</pre>
                          </details>
                        )}
                      </div>
                    )}
                    {t.exampleJson && (
                      <div className="min-w-0">
                        <div className="mb-1.5 flex items-center justify-between gap-2">
                          <h3 className="text-xs font-semibold text-slate-700">Example payload</h3>
                          <CopyButton value={t.exampleJson} label={`Copy the example payload of ${t.name}`} showText />
                        </div>
                        <pre className="max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="example-payload">{t.exampleJson}</pre>
                      </div>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
