/** The test server's NAHOOK_METRICS_TOKEN (set in playwright.config.ts). */
export const TEST_METRICS_TOKEN = "nahook-test-metrics-token-7f3a9c";
