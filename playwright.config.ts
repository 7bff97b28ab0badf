import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { TEST_METRICS_TOKEN } from "./e2e/support/metrics";

// Run through `npm test` (scripts/test.ts), which provides a fresh database and a free port.
const port = process.env.NAHOOK_TEST_PORT ?? "3199";
const baseURL = process.env.NAHOOK_TEST_BASE_URL ?? `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Set once in the main process, before workers are forked, so the server and every spec share
// them: the deployment key (the test database comes from DATABASE_URL, so the server requires
// one), a second key the server can already decrypt with (the rotation spec makes it current
// while the server runs), and the file that receives everything the server prints (log scans).
process.env.NAHOOK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.NAHOOK_TEST_NEXT_KEY ??= randomBytes(32).toString("base64");
process.env.NAHOOK_ENCRYPTION_KEYS_OLD ??= process.env.NAHOOK_TEST_NEXT_KEY;
process.env.NAHOOK_TEST_LOG ??= path.join(os.tmpdir(), `nahook-test-server-${port}-${Date.now()}.log`);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  forbidOnly: true,
  fullyParallel: true,
  workers: 2,
  // One retry on CI only: a test that fails twice still fails the run, and the report names
  // every test that needed the retry ("flaky"); locally a failure is never papered over.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  // An action that cannot happen fails with its own message, not the test's timeout.
  use: { baseURL, trace: "retain-on-failure", actionTimeout: 30_000 },
  projects: [
    { name: "api", testDir: "e2e/api" },
    {
      name: "browser",
      testDir: "e2e/browser",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    // Output is also appended to NAHOOK_TEST_LOG (stderr still reaches the console).
    command: `npx tsx scripts/start.ts 2>&1 | tee -a '${process.env.NAHOOK_TEST_LOG}' >&2`,
    url: `${baseURL}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: port,
      HOST: "127.0.0.1",
      NAHOOK_SKIP_BUILD: "1",
      NAHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      NAHOOK_RETRY_SCHEDULE: "0,1,1,1",
      NAHOOK_TEST_HOOKS: "1",
      // Delivery specs: a short attempt timeout (timeout spec), Slack endpoints on local receivers.
      NAHOOK_DELIVERY_TIMEOUT_MS: "3000",
      // Circuit breaker specs: probes after 1 s, at most every 2 s (production: 5 s doubling to 10 min).
      NAHOOK_BREAKER_PROBE_SECONDS: "1",
      NAHOOK_BREAKER_MAX_PROBE_SECONDS: "2",
      NAHOOK_SLACK_WEBHOOK_HOSTS: "hooks.slack.com,127.0.0.1,localhost",
      NAHOOK_METRICS_TOKEN: TEST_METRICS_TOKEN,
    },
  },
});
