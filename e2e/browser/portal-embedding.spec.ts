import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "@playwright/test";
import { db, expect, test } from "../support/fixtures";
import { createApp, createEventType, portalLink, startReceiver } from "../support/portal";

/**
 * The operator's page, on another site than the portal: served from `localhost` while the app is
 * at 127.0.0.1 (different hosts are different sites), on a port of its own.
 */
async function startHost() {
  let src = "about:blank";
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><title>Operator app</title></head><body>
<h1>Operator's settings page</h1>
<iframe id="portal" title="Developer Portal" src="${src}" style="width:1200px;height:800px;border:0"></iframe>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    frame: (url: string) => (src = url),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The iframe's frame object once it has navigated somewhere other than about:blank. */
async function portalFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().length, { timeout: 15_000 }).toBeGreaterThan(1);
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  return frame;
}

test.describe("embedding the portal in the operator's app", () => {
  test("an allowed site frames /s/{code} and the editor journey works inside the frame", async ({ page, mgmt, ws }) => {
    const host = await startHost();
    const receiver = await startReceiver(200, "ok");
    const portalResponses: { url: string; csp?: string }[] = [];
    page.on("response", (r) => {
      if (/\/(portal|s\/)/.test(new URL(r.url()).pathname)) portalResponses.push({ url: r.url(), csp: r.headers()["content-security-policy"] });
    });
    try {
      await createEventType(mgmt, "invoice.paid", "An invoice was paid");
      const app = await createApp(mgmt, { name: "Embedded Corp" });
      const settings = await mgmt.patch("/portal-settings", { embedding: { allowedOrigins: [host.origin] } });
      expect(settings.status()).toBe(200);

      // The operator's backend mints the link; their page puts it in an iframe.
      const link = await portalLink(mgmt, app.id, { role: "editor", metadata: { email: "embed@example.com" } });
      host.frame(link.url);
      await page.goto(host.origin);
      await expect(page.getByRole("heading", { name: "Operator's settings page" })).toBeVisible();
      const frame = page.frameLocator("#portal");
      await expect(frame.getByTestId("application-name")).toHaveText("Embedded Corp", { timeout: 15_000 });
      await expect(frame.getByRole("heading", { name: "No endpoints yet" })).toBeVisible();

      // The session cookie is partitioned under the operator's site, and sent back inside the frame.
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === "nahook_portal");
      expect(session).toMatchObject({ sameSite: "None", secure: true, httpOnly: true, path: "/portal" });
      expect(session?.partitionKey).toBe("http://localhost");
      const listed = portalResponses.filter((r) => new URL(r.url).pathname === "/portal");
      expect(listed.length).toBeGreaterThan(0);
      for (const r of listed) expect(r.csp).toBe(`frame-ancestors ${host.origin}`);

      // Editor journey inside the frame: add an endpoint subscribed to an event type, send a test event.
      await frame.getByRole("link", { name: "Add endpoint" }).click();
      await expect(frame.getByRole("heading", { name: "Add endpoint" })).toBeVisible();
      await frame.getByLabel("Endpoint URL").fill(`${receiver.url}/embedded`);
      await frame.getByLabel("Description").fill("Embedded sync");
      await frame.getByRole("checkbox", { name: /invoice\.paid/ }).check();
      await frame.getByRole("button", { name: "Create endpoint" }).click();
      await expect(frame.getByText("Endpoint created")).toBeVisible({ timeout: 15_000 });
      await expect(frame.getByTestId("endpoint-title")).toHaveText(`${receiver.url}/embedded`);
      await expect(frame.getByRole("switch", { name: "Receive invoice.paid" })).toHaveAttribute("aria-checked", "true");

      const endpoint = await db.endpoint.findFirstOrThrow({ where: { applicationId: app.id }, include: { subscriptions: true } });
      expect(endpoint).toMatchObject({ workspaceId: ws.workspaceId, description: "Embedded sync", metadata: { email: "embed@example.com" } });
      expect(endpoint.subscriptions).toHaveLength(1);

      await frame.getByRole("button", { name: "Send test event" }).click();
      await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      expect(receiver.received[0].path).toBe("/embedded");

      // The host page itself stayed where it was: the portal never took over the top window.
      expect(page.url()).toBe(`${host.origin}/`);

      // When the session ends (its cookie expires with it), the frame explains it instead of
      // showing a browser error.
      // The test send's toast and router refresh settle first; then the frame navigates itself
      // (a click could race the refresh, whose re-render detaches the link).
      await expect(frame.getByText(/Test event queued/)).toBeVisible();
      await page.context().clearCookies();
      const portal = await portalFrame(page);
      await portal.goto(new URL("/portal/deliveries", portal.url()).toString());
      await expect(frame.getByRole("heading", { name: "Your session has ended" })).toBeVisible({ timeout: 15_000 });
    } finally {
      await receiver.close();
      await host.close();
    }
  });

  test("a site that is not on the list is refused: the frame never shows the portal", async ({ page, mgmt }) => {
    const allowed = await startHost();
    const intruder = await startHost();
    const cspByPath = new Map<string, string | undefined>();
    page.on("response", (r) => cspByPath.set(new URL(r.url()).pathname, r.headers()["content-security-policy"]));
    try {
      const app = await createApp(mgmt, { name: "Framed Corp" });
      await mgmt.patch("/portal-settings", { embedding: { allowedOrigins: [allowed.origin] } });
      const link = await portalLink(mgmt, app.id, { role: "editor" });
      intruder.frame(link.url);
      await page.goto(intruder.origin);
      await expect(page.getByRole("heading", { name: "Operator's settings page" })).toBeVisible();

      // The link's own page is refused by the browser, so it never posts: the code stays unused.
      const linkPath = new URL(link.url).pathname;
      await expect.poll(() => cspByPath.get(linkPath), { timeout: 15_000 }).toContain(`frame-ancestors ${allowed.origin}`);
      const frame = await portalFrame(page);
      // Chromium replaces a refused frame with its error page.
      await expect.poll(() => frame.url(), { timeout: 15_000 }).toMatch(/^chrome-error:/);
      await expect(page.frameLocator("#portal").getByText("Framed Corp")).toHaveCount(0);
      expect(await db.portalSession.count({ where: { applicationId: app.id } })).toBe(0);
    } finally {
      await allowed.close();
      await intruder.close();
    }
  });

  test("with no allowed origins every frame is refused, and opening the link top-level works as before", async ({ page, mgmt, browser }) => {
    const host = await startHost();
    try {
      const app = await createApp(mgmt, { name: "Unframed Corp" });
      const framed = await portalLink(mgmt, app.id);
      host.frame(framed.url);
      const csp: (string | undefined)[] = [];
      page.on("response", (r) => new URL(r.url()).pathname === new URL(framed.url).pathname && csp.push(r.headers()["content-security-policy"]));
      await page.goto(host.origin);
      await expect.poll(() => csp[0], { timeout: 15_000 }).toContain("frame-ancestors 'none'");
      const frame = await portalFrame(page);
      await expect.poll(() => frame.url(), { timeout: 15_000 }).toMatch(/^chrome-error:/);

      // Top-level, the same kind of link gives the usual first-party Lax cookie.
      const context = await browser.newContext();
      const top = await context.newPage();
      await top.goto((await portalLink(mgmt, app.id)).url);
      await expect(top.getByTestId("application-name")).toHaveText("Unframed Corp");
      const cookie = (await context.cookies()).find((c) => c.name === "nahook_portal");
      expect(cookie).toMatchObject({ sameSite: "Lax", secure: false });
      expect(cookie?.partitionKey).toBeUndefined();
      await context.close();
    } finally {
      await host.close();
    }
  });
});
