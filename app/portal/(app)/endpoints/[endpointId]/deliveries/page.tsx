import { endpointForPage } from "@/lib/portal/page-data";
import { requirePortalPage } from "@/lib/portal/session";
import { DeliveriesView, type Search } from "../../../_views/deliveries-view";

export const metadata = { title: "Endpoint deliveries" };

export default async function EndpointDeliveriesPage({ params, searchParams }: { params: Promise<{ endpointId: string }>; searchParams: Promise<Search> }) {
  const ctx = await requirePortalPage("deliveries:read");
  const { endpoint } = await endpointForPage((await params).endpointId);
  return <DeliveriesView ctx={ctx} search={await searchParams} endpoint={endpoint} />;
}
