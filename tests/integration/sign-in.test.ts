import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { EMAIL_PROVIDER_ID } from "@/lib/auth/email-identifier";
import { type NextAuthHandler, nextAuthRoute } from "@/lib/auth/next-auth-route";
import { authOptions } from "@/lib/auth/options";
import { clientIp, signInRateLimited } from "@/lib/auth/sign-in-limit";
import { resetEnvCache } from "@/lib/env";

// The whole magic-link flow runs in the e2e suite (next-auth needs a request scope); here, the
// limits the route applies before handing a sign-in request to next-auth.
const request = (email: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost:3000/api/auth/signin/email", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ email, csrfToken: "x" }),
  });

// The limit logic, on the in-process limiter (and, below, on Redis when the run has one, as in
// api-handler.test.ts); identifiers are unique per run so nothing carries over between runs.
const REDIS_URL = process.env.REDIS_URL;
delete process.env.REDIS_URL;
const run = Math.random().toString(36).slice(2, 8);
beforeEach(() => {
  resetEnvCache();
  resetRateLimiters();
});

describe("sign-in rate limits", () => {
  it("allow five links per email address per 15 minutes, case-insensitively", async () => {
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(
        await signInRateLimited(request(i % 2 ? `Bombed-${run}@Example.com` : `bombed-${run}@example.com`)),
      );
    expect(results.slice(0, 5)).toEqual([null, null, null, null, null]);
    const limited = results[5]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(/Too many sign-in requests/);
    expect(await signInRateLimited(request(`someone-else-${run}@example.com`))).toBeNull();
  });

  it("allow twenty requests per client IP when a proxy reports it", async () => {
    const ip = { "x-forwarded-for": `203.0.113.${(run.charCodeAt(0) % 200) + 1}, 10.0.0.1` };
    const results = [];
    for (let i = 0; i < 21; i++)
      results.push(await signInRateLimited(request(`spray${i}-${run}@example.com`, ip)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results[20]?.status).toBe(429);
    expect(
      await signInRateLimited(request(`new-${run}@example.com`, { "x-forwarded-for": "198.51.100.99" })),
    ).toBeNull();
  });

  it("never lumps unknown clients into one shared bucket", () => {
    expect(clientIp(new Headers())).toBeNull();
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
  });
});

// next-auth's own code (not exported by the package: loaded by path): the sign-in route, which
// normalises the address and hands it to the signIn callback before any email goes out.
const nextAuthModule = createRequire(import.meta.url);
const nextAuthDir = path.resolve(import.meta.dirname, "../../node_modules/next-auth");
const nextAuthSignin = nextAuthModule(path.join(nextAuthDir, "core/routes/signin.js")).default;
const parseProviders = nextAuthModule(path.join(nextAuthDir, "core/lib/providers.js")).default;

/** The identifier next-auth 4.24 would send a link to for `email`, or null when it refuses it. */
async function nextAuthIdentifier(provider: object, email: string): Promise<string | null> {
  let identifier: string | null = null;
  await nextAuthSignin({
    body: { email },
    query: {},
    options: {
      url: "http://localhost:3000/api/auth",
      provider,
      logger: { error() {} },
      adapter: { getUserByEmail: async () => null },
      callbacks: {
        signIn: async ({ account }: { account: { providerAccountId: string } }) => {
          identifier = account.providerAccountId;
          return false; // stop before anything is stored or sent
        },
      },
    },
  });
  return identifier;
}

/** Our email provider as next-auth resolves it (its options merged in), and next-auth's bare default. */
const ourProvider = () =>
  parseProviders({
    providers: authOptions().providers,
    url: "http://localhost:3000/api/auth",
    providerId: "email",
  }).provider;
const defaultProvider = { id: "email", type: "email" };

const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("the address next-auth mails is the one the limiter counts", () => {
  it("is our provider's normalisation, next-auth's default for every spelling of one address", async () => {
    const provider = ourProvider();
    expect(provider.id).toBe(EMAIL_PROVIDER_ID);
    const spellings = [
      "victim@example.com",
      "Victim@Example.COM",
      "victim@example.com,1",
      "VICTIM@example.com,2",
      " victim@example.com ",
      fullwidth("victim@example.com"),
    ];
    for (const email of spellings) {
      expect(await nextAuthIdentifier(defaultProvider, email)).toBe("victim@example.com");
      expect(await nextAuthIdentifier(provider, email)).toBe("victim@example.com");
    }
  });

  it("refuses what the default lets through as many identifiers for one inbox", async () => {
    // nodemailer sends each of these to victim@example.com; the default keeps them apart.
    const provider = ourProvider();
    for (const email of ["1,victim@example.com", "x <victim@example.com>", "victim(1)@example.com"]) {
      expect(await nextAuthIdentifier(defaultProvider, email)).toBe(email.toLowerCase());
      expect(await nextAuthIdentifier(provider, email)).toBeNull();
    }
  });
});

describe("a magic link without SMTP_URL", () => {
  afterEach(() => {
    Object.assign(process.env, { NODE_ENV: "test" });
    delete process.env.EMAIL_LOG_LINKS;
    resetEnvCache();
  });
  const send = () =>
    ourProvider().sendVerificationRequest({
      identifier: "someone@example.com",
      url: "http://localhost:3000/api/auth/callback/email?token=t&email=someone%40example.com",
    });

  it("fails in production unless EMAIL_LOG_LINKS=true, so next-auth reports it instead of pretending", async () => {
    delete process.env.SMTP_URL;
    Object.assign(process.env, { NODE_ENV: "production" });
    resetEnvCache();
    await expect(send()).rejects.toThrow(/EMAIL_LOG_LINKS/);
    process.env.EMAIL_LOG_LINKS = "true";
    resetEnvCache();
    await expect(send()).resolves.toBeUndefined();
  });
});

/** The auth route in front of a stand-in for next-auth that records what reaches it. */
function authRoute() {
  const reached: string[] = [];
  const nextAuth: NextAuthHandler = async (_req, { params }) => {
    reached.push(params.nextauth.join("/"));
    return new Response(null, { status: 302, headers: { location: "/login/check-email" } });
  };
  const route = nextAuthRoute(() => nextAuth);
  const post = (
    segments: string[],
    body: { email: string } | string,
    opts: { json?: boolean; headers?: Record<string, string> } = {},
  ) => {
    const fields = typeof body === "string" ? { email: body } : body;
    const request = new Request(`http://localhost:3000/api/auth/${segments.join("/")}`, {
      method: "POST",
      headers: {
        "content-type": opts.json ? "application/json" : "application/x-www-form-urlencoded",
        ...opts.headers,
      },
      body: opts.json
        ? JSON.stringify({ ...fields, csrfToken: "x" })
        : new URLSearchParams({ ...fields, csrfToken: "x" }),
    });
    return route.POST(request, { params: Promise.resolve({ nextauth: segments }) });
  };
  return { reached, post };
}

/** Waits out the end of a fixed window: Upstash's sliding window weighs the previous one down as a new one starts. */
async function clearOfWindowTurn(windowMs: number, marginMs = 5_000) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const backends: [string, string | undefined][] = [["in-process", undefined]];
if (REDIS_URL) backends.push(["Redis", REDIS_URL]);

describe.each(backends)("the sign-in route's limits (%s)", (backend, redisUrl) => {
  const id = (name: string) => `${name}-${backend}-${run}-${Math.random().toString(36).slice(2, 6)}`;
  beforeEach(async () => {
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    // The global budget is per deployment (APP_URL's host): each test gets its own.
    process.env.APP_URL = `http://${id("app")}.localhost:3000`;
    resetEnvCache();
    resetRateLimiters();
    if (redisUrl) await clearOfWindowTurn(15 * 60_000);
  });
  afterEach(() => {
    for (const k of ["REDIS_URL", "APP_URL", "SIGNIN_GLOBAL_LIMIT_PER_MINUTE"]) delete process.env[k];
    resetEnvCache();
    resetRateLimiters();
  });

  it("limits signin/email with anything after it in the path", async () => {
    const { reached, post } = authRoute();
    const email = `${id("path")}@example.com`;
    const paths = [
      ["signin", "email"],
      ["signin", "email", "x"],
      ["signin", "email", "x", "y"],
    ];
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(paths[i % 3]!, email)).status);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
    expect(reached).toHaveLength(5);
  });

  it("limits JSON bodies, which next-auth reads too, on the same address as forms", async () => {
    const { reached, post } = authRoute();
    const email = `${id("json")}@example.com`;
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post(["signin", "email"], email, { json: i > 0 })).status);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
    expect(reached).toHaveLength(5);
  });

  it("counts every spelling next-auth mails to one address as that address", async () => {
    const { reached, post } = authRoute();
    const local = id("victim");
    const spellings = [
      `${local}@example.com`,
      `${local.toUpperCase()}@Example.com,1`,
      `${local}@example.com,2`,
      fullwidth(`${local}@example.com`),
      ` ${local}@EXAMPLE.com,3`,
      `${local}@example.com,4`,
    ];
    const statuses = [];
    for (const [i, email] of spellings.entries())
      statuses.push((await post(["signin", "email"], email, { json: i % 2 === 1 })).status);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
    expect(reached).toHaveLength(5);
  });

  it("caps sign-in emails per minute in all, counting only links that would go out", async () => {
    if (redisUrl) await clearOfWindowTurn(60_000);
    process.env.SIGNIN_GLOBAL_LIMIT_PER_MINUTE = "7";
    resetEnvCache();
    const { reached, post } = authRoute();
    const bombed = `${id("bombed")}@example.com`;
    // Five links to one address, two more refused for it: those two leave the global budget alone.
    const toOne = [];
    for (let i = 0; i < 7; i++) toOne.push((await post(["signin", "email"], bombed)).status);
    expect(toOne).toEqual([302, 302, 302, 302, 302, 429, 429]);
    // Addresses next-auth refuses (no link goes out) don't count either.
    expect((await post(["signin", "email"], "1,someone@example.com")).status).toBe(302);
    expect((await post(["signin", "email"], "not-an-address")).status).toBe(302);
    const others = [];
    for (let i = 0; i < 3; i++)
      others.push((await post(["signin", "email"], `${id(`other${i}`)}@example.com`)).status);
    expect(others).toEqual([302, 302, 429]);
    const capped = await post(["signin", "email"], `${id("late")}@example.com`, { json: true });
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await capped.json()).error).toMatchObject({ code: "rate_limited" });
    expect(reached).toHaveLength(9);
  });

  it("leaves other next-auth requests alone", async () => {
    const { reached, post } = authRoute();
    const email = `${id("csrf")}@example.com`;
    for (let i = 0; i < 7; i++) expect((await post(["callback", "email"], email)).status).toBe(302);
    expect((await post(["signin", "github"], email)).status).toBe(302);
    expect(reached).toHaveLength(8);
  });
});
