import { probeResponse, readiness } from "@/lib/health/probes";

export const dynamic = "force-dynamic";

export async function GET() {
  return probeResponse(await readiness());
}
