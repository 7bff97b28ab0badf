import Link from "next/link";
import { endpointDisplayName } from "@/components/portal/format";
import { formatMs, formatRate, StatsPanel } from "@/components/portal/stats-charts";
import { Card, PageHeader } from "@/components/portal/ui";
import { listEndpoints } from "@/lib/endpoints/endpoints";
import { requirePortalPage } from "@/lib/portal/session";
import { deliveryStats, deliveryStatsByEndpoint, isStatsWindow, type StatsWindow } from "@/lib/stats/stats";

export const metadata = { title: "Activity" };

type Search = Record<string, string | string[] | undefined>;

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePortalPage("deliveries:read");
  const raw = (await searchParams).window;
  const window: StatsWindow = typeof raw === "string" && isStatsWindow(raw) ? raw : "24h";
  const tenant = { workspaceId: ctx.workspaceId, applicationId: ctx.applicationId, window };
  const [stats, perEndpoint, endpoints] = await Promise.all([
    deliveryStats(tenant),
    deliveryStatsByEndpoint(tenant),
    listEndpoints({ workspaceId: ctx.workspaceId, applicationId: ctx.applicationId }),
  ]);
  const int = new Intl.NumberFormat("en-US");
  return (
    <>
      <PageHeader title="Activity" description="How deliveries to your endpoints went: volume, success rate and how fast your servers answered." />
      <div className="space-y-6">
        <StatsPanel title="All endpoints" stats={stats} idPrefix="app" scope="all your endpoints" hrefFor={(w) => `/portal/activity?window=${w}`} />
        {endpoints.length > 0 && (
          <Card title="By endpoint" description={window === "24h" ? "Last 24 hours." : "Last 7 days."} bodyClassName="">
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="endpoint-stats">
                <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                  <tr>
                    <th scope="col" className="px-5 py-2">Endpoint</th>
                    <th scope="col" className="px-3 py-2 text-right">Attempts</th>
                    <th scope="col" className="px-3 py-2 text-right">Success rate</th>
                    <th scope="col" className="px-3 py-2 text-right">p50</th>
                    <th scope="col" className="px-5 py-2 text-right">p95</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {endpoints.map((e) => {
                    const s = perEndpoint.get(e.id);
                    return (
                      <tr key={e.id}>
                        <td className="max-w-xs truncate px-5 py-2.5 font-mono text-slate-900">
                          <Link href={`/portal/endpoints/${e.id}?window=${window}`} className="hover:text-indigo-600">{endpointDisplayName(e)}</Link>
                        </td>
                        <td className="px-3 py-2.5 text-right tabular-nums text-slate-700">{int.format(s?.attempts ?? 0)}</td>
                        <td className="px-3 py-2.5 text-right tabular-nums text-slate-700">{formatRate(s?.successRate ?? null)}</td>
                        <td className="px-3 py-2.5 text-right tabular-nums text-slate-700">{formatMs(s?.p50Ms ?? null)}</td>
                        <td className="px-5 py-2.5 text-right tabular-nums text-slate-700">{formatMs(s?.p95Ms ?? null)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
