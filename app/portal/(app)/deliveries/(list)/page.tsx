import { requirePortalPage } from "@/lib/portal/session";
import { DeliveriesView, type Search } from "../../_views/deliveries-view";

export const metadata = { title: "Deliveries" };

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePortalPage("deliveries:read");
  return <DeliveriesView ctx={ctx} search={await searchParams} />;
}
