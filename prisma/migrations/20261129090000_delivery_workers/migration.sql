-- Written by hand. Live delivery workers, for endpoint ownership (lib/delivery/worker-presence.ts).
CREATE TABLE "delivery_workers" (
    "id" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "delivery_workers_pkey" PRIMARY KEY ("id")
);
