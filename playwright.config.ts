import { defineConfig, devices } from "@playwright/test";
import { TEST_METRICS_TOKEN } from "./e2e/support/metrics";

// Run through `npm test` (scripts/test.ts), which provides a fresh database and a free port.
const port = process.env.NAHOOK_TEST_PORT ?? "3199";
const baseURL = process.env.NAHOOK_TEST_BASE_URL ?? `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  forbidOnly: true,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: { baseURL, trace: "retain-on-failure" },
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
    command: "npx tsx scripts/start.ts",
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
      NAHOOK_SLACK_WEBHOOK_HOSTS: "hooks.slack.com,127.0.0.1,localhost",
      NAHOOK_METRICS_TOKEN: TEST_METRICS_TOKEN,
    },
  },
});
