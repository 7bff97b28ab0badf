import { expect, test } from "../support/fixtures";
import { waitUntil } from "../support/delivery";
import { processAlive, startProduct } from "../support/product";

// A process manager (systemd, a container runtime, nohup and kill) signals the process it
// started: `npm start` itself, not the node process under it. npm passes SIGTERM on to its
// child, and a shell between them would drop it, leaving the server, the worker and the
// embedded PostgreSQL running with nobody to stop them.

test("SIGTERM to `npm start` stops the web server, the worker and the embedded database", async () => {
  test.setTimeout(180_000);
  const product = await startProduct({}, { viaNpm: true });
  try {
    await product.ready();
    const postmaster = product.postmasterPid();
    expect(postmaster).not.toBeNull();

    const code = await product.stop();
    expect(code).not.toBe("timeout");
    await waitUntil(() => !processAlive(postmaster!), 30_000, "the database to stop with npm start");
    await waitUntil(async () => (await fetch(`${product.baseUrl}/readyz`).then(() => "up", () => "down")) === "down", 30_000, "the web server to stop");
    expect(product.log()).toContain("worker: stopped");
  } finally {
    await product.cleanup();
  }
});
