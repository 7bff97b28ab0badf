import { reloadConfig } from "@/lib/config";
import { sendHttp } from "@/lib/delivery/sender";
import { expect, test } from "../support/fixtures";
import { startReceiver } from "../support/delivery";

// The test server allows private networks (its receivers live on 127.0.0.1), so the refusal is
// exercised here, in the spec's own process, on the sender the worker uses, against a real
// receiver. Address classification and URL checks are unit-tested (lib/delivery/sender.test.ts,
// lib/net/private-address.test.ts).

async function withPrivateNetworks<T>(allowed: boolean, run: () => Promise<T>): Promise<T> {
  const previous = process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
  if (allowed) process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = "true";
  else delete process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
  reloadConfig(); // settings are parsed once per process
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
    else process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = previous;
    reloadConfig();
  }
}

const post = (url: string) => sendHttp({ url, headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 3_000 });

test.describe("SSRF guard at send time", () => {
  test("literal loopback / unspecified / IPv4-mapped addresses are refused before connecting", async () => {
    const receiver = await startReceiver();
    try {
      await withPrivateNetworks(false, async () => {
        for (const host of ["127.0.0.1", "127.1.2.3", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "2130706433", "0x7f.0.0.1"]) {
          const result = await post(`http://${host}:${receiver.port}/`);
          expect(result.ok, host).toBe(false);
          expect(result.refused, host).toBe(true);
          expect(result.statusCode).toBeNull();
          // Customers see the attempt's error: generic, no addresses, no setting names.
          expect(result.errorMessage).toBe("Destination not allowed");
        }
      });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  test("a name that resolves to a private address is refused at connect time (DNS-rebinding safe)", async () => {
    const receiver = await startReceiver();
    try {
      await withPrivateNetworks(false, async () => {
        const result = await post(`http://localhost:${receiver.port}/`);
        expect(result.refused).toBe(true);
        expect(result.errorMessage).toBe("Destination not allowed");
      });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  test("a kept-alive connection opened while allowed is not reused once refused", async () => {
    const receiver = await startReceiver();
    try {
      const allowed = await withPrivateNetworks(true, () => post(`http://localhost:${receiver.port}/`));
      expect(allowed).toMatchObject({ ok: true, statusCode: 200 });
      const refused = await withPrivateNetworks(false, () => post(`http://localhost:${receiver.port}/`));
      expect(refused.refused).toBe(true);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  test("NAHOOK_ALLOW_PRIVATE_NETWORKS=true lifts the guard", async () => {
    const receiver = await startReceiver();
    try {
      const result = await withPrivateNetworks(true, () => post(`${receiver.url}/x`));
      expect(result).toMatchObject({ ok: true, statusCode: 200, body: "ok", refused: false, errorMessage: null });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
