import { refusalFor, sendHttp } from "@/lib/delivery/sender";
import { expect, test } from "../support/fixtures";
import { startReceiver } from "../support/delivery";

// The test server allows private networks (its receivers live on 127.0.0.1), so the refusal is
// exercised here, in the spec's own process, on the sender the worker uses.

async function withPrivateNetworks<T>(allowed: boolean, run: () => Promise<T>): Promise<T> {
  const previous = process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
  if (allowed) process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = "true";
  else delete process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
    else process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = previous;
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

  test("classification of the addresses a name can resolve to (no traffic sent)", async () => {
    await withPrivateNetworks(false, async () => {
      const refused = ["10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "240.0.0.1", "198.18.0.1",
        "::1", "::", "fd00::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1"];
      for (const address of refused) expect(refusalFor(address), address).not.toBeNull();
      for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(refusalFor(address), address).toBeNull();
    });
    await withPrivateNetworks(true, async () => expect(refusalFor("10.0.0.1")).toBeNull());
  });

  test("non-HTTP schemes and malformed URLs fail without a request", async () => {
    expect((await post("ftp://example.com/")).errorMessage).toMatch(/Unsupported URL scheme/);
    expect((await post("not a url")).errorMessage).toMatch(/Invalid URL/);
  });
});
