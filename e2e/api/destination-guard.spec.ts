import { expect, test } from "@playwright/test";
import { validateWebhookUrl } from "@/lib/endpoints/destination";
import { isPrivateAddress } from "@/lib/net/private-address";

// The test server allows private networks (its receivers live on loopback), so the guard that
// applies in production is exercised here in-process with the variable unset.
test.describe("destination guard", () => {
  test.beforeEach(() => {
    delete process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS;
  });

  test("classifies addresses", () => {
    const refused = ["127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
      "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1",
      "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::10.0.0.1", "2002:c0a8:0101::1", "not-an-ip"];
    const allowed = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"];
    for (const address of refused) expect(isPrivateAddress(address), address).toBe(true);
    for (const address of allowed) expect(isPrivateAddress(address), address).toBe(false);
  });

  test("refuses private destinations at creation unless allowed", async () => {
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost/hook", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://169.254.169.254/latest/meta-data", "http://10.0.0.5/x", "http://2130706433/x"]) {
      await expect(validateWebhookUrl(url), url).rejects.toMatchObject({ code: "validation_error", status: 400 });
    }
    // The answer says nothing about what a name resolves to, nor which setting would allow it.
    const error = await validateWebhookUrl("http://localhost:8080/hook", "url").catch((e: Error) => e);
    expect(error).toMatchObject({ code: "validation_error", message: "url: destination not allowed", details: [{ field: "url", message: "destination not allowed" }] });
    expect(JSON.stringify(error)).not.toMatch(/127\.0\.0\.1|::1|resolves|NAHOOK_/);
    await expect(validateWebhookUrl("https://93.184.216.34/hook")).resolves.toBe("https://93.184.216.34/hook");
    process.env.NAHOOK_ALLOW_PRIVATE_NETWORKS = "true";
    await expect(validateWebhookUrl("http://127.0.0.1:8080/x")).resolves.toBe("http://127.0.0.1:8080/x");
  });
});
