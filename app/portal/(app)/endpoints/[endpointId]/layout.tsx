import { endpointForPage } from "@/lib/portal/page-data";

// Resolves the endpoint before the pages below stream, so another application's id is a 404.
export default async function EndpointLayout({ children, params }: { children: React.ReactNode; params: Promise<{ endpointId: string }> }) {
  await endpointForPage((await params).endpointId);
  return children;
}
