import { deliveryForPage } from "@/lib/portal/page-data";

// Resolves the delivery before the page streams, so another application's id is a 404.
export default async function DeliveryLayout({ children, params }: { children: React.ReactNode; params: Promise<{ deliveryId: string }> }) {
  await deliveryForPage((await params).deliveryId);
  return children;
}
