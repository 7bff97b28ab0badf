import { notFound } from "next/navigation";
import { requirePortalPage } from "@/lib/portal/session";

// Decided before the page streams, so a hidden catalog is a real 404.
export default async function EventCatalogLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePortalPage("event_types:read");
  if (!ctx.showEventTypes) notFound();
  return children;
}
