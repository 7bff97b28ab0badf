import { liveness, probeResponse } from "@/lib/health/probes";

export const dynamic = "force-dynamic";

export function GET() {
  return probeResponse(liveness());
}
