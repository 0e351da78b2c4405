import { describe, expect, it } from "vitest";
import { allowAddressesForTests, findRefusalReason, parseIpv6 } from "@/server/notifications/address-guard";

describe("address guard for fan-supplied URLs", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.10", "private"],
    ["169.254.169.254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "carrier-grade-nat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fd00::1234", "unique-local"],
    ["fd00:ec2::254", "metadata"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["64:ff9b::10.0.0.1", "private"],
    ["2002:0a00:0001::1", "private"],
    ["ff02::1", "multicast"],
    ["not-an-ip", "not-an-ip"],
  ])("refuses %s as %s", (address, reason) => {
    expect(findRefusalReason(address)).toBe(reason);
  });

  it.each(["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4009:81f::200e"])("allows public %s", (address) => {
    expect(findRefusalReason(address)).toBeNull();
  });

  it("lets tests allow exactly the addresses of their local fakes", () => {
    const check = allowAddressesForTests(["127.0.0.1"]);
    expect(check("127.0.0.1")).toBeNull();
    expect(check("127.0.0.2")).toBe("loopback");
    expect(check("10.0.0.1")).toBe("private");
  });

  it("parses IPv6 forms", () => {
    expect(parseIpv6("::1")).toEqual([...Array(15).fill(0), 1]);
    expect(parseIpv6("[2001:db8::1]")).toEqual([0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]);
    expect(parseIpv6("1:2:3")).toBeNull();
    expect(parseIpv6("1::2::3")).toBeNull();
  });
});
