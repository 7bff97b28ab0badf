-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN     "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "maxInFlight" INTEGER,
ADD COLUMN     "nextProbeAt" TIMESTAMPTZ(3),
ADD COLUMN     "throttleNextAt" TIMESTAMPTZ(3),
ADD COLUMN     "throttleRate" INTEGER;

-- Written by hand (Prisma's schema language has no partial indexes or UNLOGGED tables).

-- Fair claiming walks the distinct endpoints that have due deliveries, then each endpoint's
-- oldest due rows: only waiting rows (nextAttemptAt non-null) are indexed, so delivered history
-- never lies between two endpoints in the scan.
CREATE INDEX "deliveries_endpointId_due_idx" ON "deliveries"("endpointId", "nextAttemptAt") WHERE "nextAttemptAt" IS NOT NULL;

-- The in-flight count per endpoint (status = delivering), read at every claim.
CREATE INDEX "deliveries_endpointId_delivering_idx" ON "deliveries"("endpointId") WHERE status = 'delivering';

-- Rate-limit counters shared by every web process: fixed windows, one upsert per request.
-- UNLOGGED: no WAL, and a crash only resets the counters (they restart at zero, as a new window would).
CREATE UNLOGGED TABLE "rate_limit_windows" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("key")
);
