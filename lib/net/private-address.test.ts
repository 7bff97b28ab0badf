import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertPublicHost, BlockedDestinationError, isPrivateAddress, privateNetworksAllowed } from "./private-address";

const refused = (addresses: string[]) => {
  for (const address of addresses) assert.equal(isPrivateAddress(address), true, `${address} must be refused`);
};
const allowed = (addresses: string[]) => {
  for (const address of addresses) assert.equal(isPrivateAddress(address), false, `${address} must be allowed`);
};

describe("isPrivateAddress: IPv4", () => {
  test("every blocked range, at both ends", () => {
    refused([
      "0.0.0.0", "0.255.255.255", // "this" network
      "10.0.0.0", "10.255.255.255", // private
      "100.64.0.0", "100.127.255.255", // CGNAT
      "127.0.0.1", "127.1.2.3", "127.255.255.255", // loopback
      "169.254.0.0", "169.254.169.254", "169.254.255.255", // link-local, cloud metadata
      "172.16.0.0", "172.31.255.255", // private
      "192.0.0.0", "192.0.0.255", // IETF protocol assignments
      "192.0.2.0", "192.0.2.255", // TEST-NET-1
      "192.88.99.0", "192.88.99.255", // 6to4 relay anycast
      "192.168.0.0", "192.168.255.255", // private
      "198.18.0.0", "198.19.255.255", // benchmarking
      "198.51.100.0", "198.51.100.255", // TEST-NET-2
      "203.0.113.0", "203.0.113.255", // TEST-NET-3
      "224.0.0.0", "224.0.0.1", "239.255.255.255", // multicast
      "240.0.0.0", "255.255.255.255", // reserved, broadcast
    ]);
  });

  test("the public neighbours of those ranges", () => {
    allowed([
      "1.0.0.0", "9.255.255.255", "11.0.0.0",
      "100.63.255.255", "100.128.0.0",
      "126.255.255.255", "128.0.0.0",
      "169.253.255.255", "169.255.0.0",
      "172.15.255.255", "172.32.0.0",
      "192.0.1.0", "192.0.3.0", "192.88.98.255", "192.88.100.0",
      "192.167.255.255", "192.169.0.0",
      "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0",
      "203.0.112.255", "203.0.114.0",
      "223.255.255.255",
      "8.8.8.8", "1.1.1.1", "93.184.216.34",
    ]);
  });
});

describe("isPrivateAddress: IPv6", () => {
  test("blocked ranges", () => {
    refused([
      "::", "::1", "0:0:0:0:0:0:0:1", // unspecified, loopback
      "64:ff9b:1::1", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", // local-use NAT64
      "100::", "100::ffff:ffff:ffff:ffff", // discard
      "2001:db8::1", "2001:db8:ffff::1", // documentation
      "fc00::1", "fd12:3456::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", // unique local
      "fe80::1", "febf::1", // link-local
      "fec0::1", "feff::1", // site-local
      "ff00::", "ff02::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", // multicast
    ]);
  });

  test("public addresses and the neighbours of blocked ranges", () => {
    allowed([
      "2606:4700:4700::1111", "2606:4700::1111", "2001:4860:4860::8888",
      "::2:0:0:0:1", "100:0:0:1::1", "2001:db9::1", "2001:db7:ffff::1", "fbff::1", "64:ff9b:2::1",
    ]);
  });

  test("upper case, brackets and zone ids are read like the plain address", () => {
    refused(["[::1]", "[fe80::1]", "fe80::1%eth0", "[fe80::1%25eth0]", "FE80::1", "::FFFF:127.0.0.1", "::ffff:127.0.0.1%1"]);
    allowed(["[2606:4700::1111]", "2606:4700::1111%eth0"]);
  });
});

describe("isPrivateAddress: IPv4 inside IPv6 follows the IPv4 address", () => {
  test("IPv4-mapped (::ffff:a.b.c.d), dotted and hex", () => {
    refused(["::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:a00:1", "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "::ffff:0.0.0.0"]);
    allowed(["::ffff:8.8.8.8", "::ffff:808:808", "::ffff:1.1.1.1"]);
  });

  test("IPv4-compatible (::a.b.c.d)", () => {
    refused(["::127.0.0.1", "::7f00:1", "::10.0.0.1", "::0.0.0.0"]);
    allowed(["::8.8.8.8", "::808:808"]);
  });

  test("NAT64 (64:ff9b::/96)", () => {
    refused(["64:ff9b::10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe"]);
    allowed(["64:ff9b::8.8.8.8", "64:ff9b::808:808"]);
  });

  test("6to4 (2002:AABB:CCDD::/48)", () => {
    refused(["2002:c0a8:0101::1", "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::1"]);
    allowed(["2002:0808:0808::1", "2002:101:101::1"]);
  });

  test("the same mapped address written out in full, and the SIIT form", () => {
    refused(["0:0:0:0:0:ffff:7f00:1", "0:0:0:0:0:ffff:127.0.0.1", "0000:0000:0000:0000:0000:ffff:0a00:0001", "::ffff:0:7f00:1", "::ffff:0:10.0.0.1"]);
    allowed(["0:0:0:0:0:ffff:808:808", "::ffff:0:8.8.8.8"]);
  });
});

describe("isPrivateAddress: anything else", () => {
  test("what is not an IP address is refused rather than guessed", () => {
    refused(["", "localhost", "example.com", "127.0.0.1 ", "not-an-ip", "1.2.3", "1.2.3.4.5", "::ffff:300.0.0.1", "[::1", "fe80::1::2"]);
  });
});

describe("assertPublicHost", () => {
  test("private networks are refused by default", () => {
    // Unit tests run without NAHOOK_* variables: the production default.
    assert.equal(privateNetworksAllowed(), false);
  });

  test("an IP literal is checked without DNS", async () => {
    assert.deepEqual(await assertPublicHost("93.184.216.34"), ["93.184.216.34"]);
    assert.deepEqual(await assertPublicHost("[2606:4700::1111]"), ["2606:4700::1111"]);
    for (const host of ["10.0.0.5", "127.0.0.1", "[::1]", "[::ffff:7f00:1]", "169.254.169.254"]) {
      await assert.rejects(assertPublicHost(host), (error: unknown) => {
        assert.ok(error instanceof BlockedDestinationError, host);
        assert.match(error.message, /private or reserved address/);
        return true;
      });
    }
  });

  test("a name is refused when it resolves to a private address", async () => {
    // localhost resolves from /etc/hosts: no network needed.
    await assert.rejects(assertPublicHost("localhost"), BlockedDestinationError);
  });
});
