import net from "node:net";
import { MAX_JSON_DEPTH } from "@/lib/json/depth";
import { createEndpoint, createEventType, ingestClient, subscribe } from "../support/delivery";
import { db, expect, expectError, test } from "../support/fixtures";
import { createApp, createAppEndpoint, portalApiSession, serverLog } from "../support/portal";
import { rawRequest } from "../support/raw-http";

/** `{"a":{"a":…1…}}`, `levels` objects deep, as text (building it as a value would recurse). */
const deepText = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
// The renderers' own bounds (Slack, the portal's payload view) are unit-tested beside them:
// lib/delivery/slack.test.ts, lib/portal/payload-view.test.ts.

test.describe("deep nesting is a 400 with a clear message, on every JSON body", () => {
  test("ingestion: send, trigger and both batches, under /api/ingest and /ingest", async ({ request, ws, baseURL }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/never" });
    const type = await createEventType(ws, `deep.${Date.now()}`);
    await subscribe(endpoint.id, type.id);
    for (const prefix of ["/api/ingest", "/ingest"]) {
      const ingest = ingestClient(request, ws.ingestionKey, prefix);
      for (const levels of [MAX_JSON_DEPTH, 1_500, 6_000, 40_000]) {
        const payload = deepText(levels);
        const bodies: [string, string][] = [
          [`/${endpoint.id}`, `{"payload":${payload}}`],
          [`/event/${type.name}`, `{"payload":${payload}}`],
          ["/batch", `{"items":[{"endpointId":"${endpoint.id}","payload":${payload}}]}`],
          ["/event/batch", `{"items":[{"eventType":"${type.name}","payload":${payload}}]}`],
        ];
        for (const [path, body] of bodies) {
          const res = await rawRequest(baseURL!, {
            method: "POST", path: `${prefix}${path}`, headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json" }, body,
          });
          expect(res.status, `${prefix}${path} ${levels}`).toBe(400);
          expect(JSON.parse(res.text).error).toEqual({ code: "bad_request", message: `Request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays` });
        }
      }
      // Exactly at the limit is fine: the body's own object is level 1.
      const atLimit = await ingest.send(endpoint.id, JSON.parse(`{"payload":${deepText(MAX_JSON_DEPTH - 1)}}`));
      expect(atLimit.status()).toBe(202);
    }
  });

  test("Management API and portal bodies", async ({ mgmt, playwright, baseURL }) => {
    const deep = JSON.parse(`{"name":"x","extra":${deepText(200)}}`);
    const error = await expectError(await mgmt.post("/applications", deep), 400, "bad_request");
    expect(error.message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);

    const app = await createApp(mgmt);
    const endpoint = await createAppEndpoint(mgmt, app.id, { url: "https://example.com/hook" });
    const portal = await portalApiSession(playwright, baseURL!, mgmt, app.id, "admin");
    const res = await portal.patch(`/portal/api/endpoints/${endpoint.id}`, { headers: { origin: baseURL! }, data: { description: "x", extra: JSON.parse(deepText(500)) } });
    await expectError(res, 400, "bad_request");
    await portal.dispose();
  });
});

test.describe("ingestion transport", () => {
  test("an authenticated chunked body over 256 KiB is a clean 413: no uncaught exception, the server keeps serving", async ({ ws, baseURL }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/never" });
    const body = JSON.stringify({ payload: { pad: "x".repeat(300 * 1024) } });
    for (let i = 0; i < 3; i++) {
      const res = await rawRequest(baseURL!, {
        method: "POST", path: `/api/ingest/${endpoint.id}`, chunked: true, body,
        headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json" },
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).error.code).toBe("payload_too_large");
    }
    expect((await rawRequest(baseURL!, { method: "GET", path: "/" })).status).toBe(200);
    // Give the server a moment to print whatever it would print after closing those sockets.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(serverLog()).not.toMatch(/uncaughtException|reading 'destroy'/);
  });

  test("a sender that hangs up halfway through its body leaves nothing behind, and the next send is accepted", async ({ ws, baseURL }) => {
    const endpoint = await createEndpoint(ws, { url: "http://127.0.0.1:9/never" });
    const { port, hostname } = new URL(baseURL!);
    const half = JSON.stringify({ payload: { order: "half", pad: "y".repeat(2_000) } }).slice(0, 1_000);
    const logBefore = serverLog().length;
    for (let i = 0; i < 3; i++) {
      // Headers and half the declared body, then the socket closes: the handler is mid-read.
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => {
          socket.write(`POST /api/ingest/${endpoint.id} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${ws.ingestionKey}\r\n` +
            `Content-Type: application/json\r\nContent-Length: 2100\r\n\r\n${half}`);
          setTimeout(() => (socket.destroy(), resolve()), 200);
        });
        socket.on("error", reject);
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await db.delivery.count({ where: { endpointId: endpoint.id } });
    expect(stored).toBe(0);
    const res = await rawRequest(baseURL!, {
      method: "POST", path: `/api/ingest/${endpoint.id}`, body: JSON.stringify({ payload: { order: "whole" } }),
      headers: { authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json" },
    });
    expect(res.status).toBe(202);
    expect(serverLog().slice(logBefore)).not.toMatch(/uncaughtException|unhandledRejection|request failed/);
  });

  test("a malformed Host header is a 400, on ingestion, the Management API and the portal", async ({ ws, baseURL }) => {
    for (const path of ["/api/ingest/ep_x", "/management/v1/openapi.json", `/management/v1/workspaces/${ws.workspaceId}/applications`, "/portal", "/s/abc"]) {
      for (const host of ["a b", "evil.example/x", "a@b", "[zz"]) {
        const res = await rawRequest(baseURL!, {
          method: path.startsWith("/api") ? "POST" : "GET", path,
          headers: { host, authorization: `Bearer ${ws.ingestionKey}`, "content-type": "application/json" }, body: path.startsWith("/api") ? "{}" : undefined,
        });
        expect(res.status, `${path} Host: ${host}`).toBe(400);
        expect(JSON.parse(res.text).error.code).toBe("bad_request");
      }
    }
    expect(serverLog()).not.toMatch(/Invalid URL/);
  });
});
