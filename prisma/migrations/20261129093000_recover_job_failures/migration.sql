-- Written by hand. A recover job whose chunk keeps failing is marked failed after a few tries in a row.
ALTER TABLE "recover_jobs" ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0;
