// Where a webhook may go: pure checks, no DNS and no connection (names resolve through fakes).
import { describe, expect, it } from "vitest";
import {
  checkWebhookUrl,
  checkWebhookUrlShape,
  classifyAddress,
  type Resolver,
  vetHost,
  WebhookTargetError,
} from "@/lib/webhooks/target";

const noDns: Resolver = async (host) => {
  throw new Error(`no DNS in this test (asked for ${host})`);
};
const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses;
const strict = (resolve: Resolver = noDns) => ({ allowPrivate: false, resolve });

async function refusal(url: string, resolve: Resolver = noDns): Promise<string> {
  try {
    await checkWebhookUrl(url, strict(resolve));
  } catch (e) {
    expect(e).toBeInstanceOf(WebhookTargetError);
    return (e as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.10", "private"],
    ["169.254.169.254", "linkLocal"],
    ["169.254.1.1", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.254", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["febf::1", "linkLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "rfc6052"],
    ["2002:7f00:1::", "6to4"],
  ])("refuses %s (%s)", (address, range) => {
    const verdict = classifyAddress(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.range).toBe(range);
  });

  it.each([
    "8.8.8.8",
    "93.184.216.34",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
  ])("allows the public address %s", (address) => {
    expect(classifyAddress(address).allowed).toBe(true);
  });

  it("refuses what is not an IP address", () => {
    expect(classifyAddress("example.com")).toMatchObject({ allowed: false, range: "invalid" });
  });
});

describe("checkWebhookUrl without WEBHOOK_ALLOW_PRIVATE_TARGETS", () => {
  it("accepts a public https URL whose host resolves only to public addresses", async () => {
    const url = await checkWebhookUrl(
      "https://hooks.merchant.example/rb?x=1",
      strict(resolvesTo("93.184.216.34", "2606:4700::1111")),
    );
    expect(url.toString()).toBe("https://hooks.merchant.example/rb?x=1");
  });

  it("requires https", async () => {
    expect(await refusal("http://hooks.merchant.example/rb")).toBe("must start with https://");
    expect(await refusal("ftp://hooks.merchant.example/rb")).toBe("must start with https://");
  });

  it("explains what is wrong, for the dashboard to show beside the field", async () => {
    expect(await refusal("hooks.merchant.example/rb")).toMatch(/^must be a full URL, e\.g\. https:\/\//);
    expect(await refusal("https://user:pw@hooks.merchant.example/")).toBe(
      "must not contain a username or password",
    );
    expect(await refusal(`https://x.example/${"a".repeat(2100)}`)).toBe("must be at most 2048 characters");
  });

  it.each([
    [
      "https://127.0.0.1/",
      /^127\.0\.0\.1 is a loopback address: webhook URLs must point to a public address$/,
    ],
    ["https://10.0.0.8:8443/hook", /^10\.0\.0\.8 is a private-network address/],
    ["https://169.254.169.254/latest/meta-data/", /^169\.254\.169\.254 is a link-local address .*metadata/],
    ["https://100.64.1.1/", /carrier-grade NAT/],
    ["https://0.0.0.0/", /unspecified/],
    ["https://224.0.0.251/", /multicast/],
    ["https://[::1]/", /^::1 is a loopback address/],
    ["https://[fd00::1]/", /unique-local/],
    ["https://[fe80::1]/", /link-local/],
    ["https://[::ffff:127.0.0.1]/", /^::ffff:7f00:1 \(127\.0\.0\.1\) is a loopback address/],
    ["https://[::ffff:a9fe:a9fe]/", /169\.254\.169\.254.*link-local/],
    // The WHATWG parser normalises the other IPv4 spellings, so they are caught too.
    ["https://2130706433/", /^127\.0\.0\.1 is a loopback/],
    ["https://0x7f.1/", /^127\.0\.0\.1 is a loopback/],
    ["https://017700000001/", /^127\.0\.0\.1 is a loopback/],
    ["https://127.1/", /^127\.0\.0\.1 is a loopback/],
    ["https://127.0.0.1./", /^127\.0\.0\.1 is a loopback/],
  ])("refuses the literal address in %s without any DNS", async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it("refuses localhost names without any DNS", async () => {
    expect(await refusal("https://localhost/")).toMatch(/^localhost is a loopback name/);
    expect(await refusal("https://LOCALHOST./")).toMatch(/loopback name/);
    expect(await refusal("https://app.localhost:3000/")).toMatch(/^app\.localhost is a loopback name/);
  });

  it.each([
    ["127.0.0.1", /^hooks\.evil\.example resolves to 127\.0\.0\.1, a loopback address/],
    ["10.0.0.5", /resolves to 10\.0\.0\.5, a private-network address/],
    ["169.254.169.254", /resolves to 169\.254\.169\.254, a link-local address/],
    ["100.100.100.200", /carrier-grade NAT/],
    ["::1", /resolves to ::1, a loopback/],
    ["fd12:3456::1", /unique-local/],
    ["::ffff:192.168.1.1", /resolves to 192\.168\.1\.1, a private-network address/],
  ])("refuses a host name that resolves to %s", async (address, message) => {
    expect(await refusal("https://hooks.evil.example/rb", resolvesTo(address))).toMatch(message);
  });

  it("refuses a name with one private address among public ones (the choice cannot be steered)", async () => {
    expect(await refusal("https://hooks.evil.example/", resolvesTo("93.184.216.34", "10.0.0.1"))).toMatch(
      /10\.0\.0\.1, a private-network address/,
    );
  });

  it("refuses a name that does not resolve", async () => {
    expect(await refusal("https://nowhere.example/", resolvesTo())).toBe(
      "nowhere.example does not resolve to any address: check the host name",
    );
    expect(
      await refusal("https://nowhere.example/", async () => {
        throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
      }),
    ).toMatch(/does not resolve/);
  });
});

describe("vetHost (the connect-time check)", () => {
  it("returns the vetted address to connect to, so the name is never resolved twice", async () => {
    let calls = 0;
    const resolve: Resolver = async () => {
      calls++;
      return ["93.184.216.34", "2606:4700::1111"];
    };
    expect(await vetHost("hooks.merchant.example", strict(resolve))).toBe("93.184.216.34");
    expect(calls).toBe(1);
  });

  it("re-checks at send time: a name that now resolves to a private address is refused", async () => {
    // DNS rebinding: public when the endpoint was saved, loopback when it is used.
    await expect(
      checkWebhookUrl("https://rebind.example/", strict(resolvesTo("93.184.216.34"))),
    ).resolves.toBeDefined();
    await expect(vetHost("rebind.example", strict(resolvesTo("127.0.0.1")))).rejects.toThrow(
      /rebind\.example resolves to 127\.0\.0\.1, a loopback address/,
    );
  });

  it("checks literal addresses, bracketed IPv6 included", async () => {
    await expect(vetHost("[::1]", strict())).rejects.toThrow(/loopback/);
    expect(await vetHost("8.8.8.8", strict())).toBe("8.8.8.8");
  });
});

describe("WEBHOOK_ALLOW_PRIVATE_TARGETS=true", () => {
  const open = { allowPrivate: true, resolve: noDns };

  it("allows http and private or loopback targets, without DNS", async () => {
    expect((await checkWebhookUrl("http://127.0.0.1:4000/hook", open)).toString()).toBe(
      "http://127.0.0.1:4000/hook",
    );
    expect((await checkWebhookUrl("http://localhost:4000/", open)).hostname).toBe("localhost");
    expect(checkWebhookUrlShape("https://10.0.0.1/", open).hostname).toBe("10.0.0.1");
    expect(await vetHost("127.0.0.1", open)).toBe("127.0.0.1");
  });

  it("still refuses other schemes and credentials", () => {
    expect(() => checkWebhookUrlShape("ftp://127.0.0.1/", open)).toThrow(
      "must start with https:// or http://",
    );
    expect(() => checkWebhookUrlShape("http://a:b@127.0.0.1/", open)).toThrow(/username or password/);
  });
});
