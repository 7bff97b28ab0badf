// `npm test`: the whole suite. First the unit tests (`npm run test:unit`: seconds, no server,
// no database; a failure stops here). Then builds the app when stale, starts a fresh embedded
// PostgreSQL (or uses TEST_DATABASE_URL), applies migrations, and runs Playwright: API specs and
// browser specs against the production server that playwright.config.ts starts. Extra arguments
// go to Playwright.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { buildIfStale } from "./lib/build";
import { freePort } from "./lib/free-port";
import { runUnitTests } from "./lib/unit-tests";

const log = (line: string) => console.error(`[test] ${line}`);

// `npm run test:e2e` passes --no-unit: Playwright only.
const playwrightArgs = process.argv.slice(2).filter((arg) => arg !== "--no-unit");
if (!process.argv.includes("--no-unit")) {
  log("unit tests (npm run test:unit)");
  const unitCode = await runUnitTests();
  if (unitCode !== 0) {
    log(`unit tests failed (exit code ${unitCode}); Playwright not started`);
    process.exit(unitCode);
  }
  log("unit tests passed; now the Playwright specs");
}

buildIfStale(log);
const tmp = mkdtempSync(path.join(os.tmpdir(), "nahook-test-"));
chmodSync(tmp, 0o755);
const database = process.env.TEST_DATABASE_URL
  ? { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
  : await startEmbeddedPostgres(tmp, log);
await applyMigrations(database.url);

const port = await freePort();
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  NAHOOK_TEST_PORT: String(port),
  NAHOOK_TEST_BASE_URL: `http://127.0.0.1:${port}`,
};
const args = ["playwright", "test", ...playwrightArgs];
const runner = spawn("npx", ["--no-install", ...args], { stdio: "inherit", env });
const code: number = await new Promise((resolve) => runner.on("exit", (c) => resolve(c ?? 1)));
await database.stop().catch(() => {});
rmSync(tmp, { recursive: true, force: true });
process.exit(code);
