// Issue 13 §5: every /api response is the JSON error shape with a request id. A method a route
// does not serve is a 405 `method_not_allowed` with `Allow` naming what it serves; an unknown API
// path is a JSON 404. Every route file under app/api is found on disk, so a new route that exports
// only its own methods (Next's empty 405) fails here. Requests are NextRequests, as Next passes
// them (next-auth reads `nextUrl`).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { refusesMethod } from "@/lib/api/methods";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const API_DIR = path.join(process.cwd(), "app/api");
const CATCH_ALL = "[[...path]]";

type Handler = (req: Request, ctx?: unknown) => Promise<Response>;

function routeDirs(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeDirs(full, prefix ? `${prefix}/${name}` : name);
    return name === "route.ts" ? [prefix] : [];
  });
}

/** A concrete URL path for a route directory: `[id]` → `x`, `[...nextauth]` → `x`. */
const urlFor = (dir: string) => `/api/${dir.replace(/\[\[?\.{0,3}\w+\]?\]/g, "x")}`;

/** Params as Next passes them, for the dynamic segments of `dir`. */
function paramsFor(dir: string) {
  const params: Record<string, string | string[]> = {};
  for (const [, dots, name] of dir.matchAll(/\[\[?(\.\.\.)?(\w+)\]?\]/g)) params[name!] = dots ? ["x"] : "x";
  return { params: Promise.resolve(params) };
}

async function load(dir: string) {
  return (await import(path.join(API_DIR, dir, "route.ts"))) as Record<string, unknown>;
}

const dirs = routeDirs(API_DIR).sort();

describe("methods a route does not serve", () => {
  it("finds the API's route files (and the catch-all for unknown paths)", () => {
    expect(dirs).toContain("v1/cancel-link");
    expect(dirs).toContain("auth/[...nextauth]");
    expect(dirs).toContain(CATCH_ALL);
  });

  it.each(dirs.filter((d) => d !== CATCH_ALL))(
    "%s: every other method is a JSON 405 with Allow",
    async (dir) => {
      const mod = await load(dir);
      for (const m of METHODS) expect(typeof mod[m], `${dir} exports ${m}`).toBe("function");
      // What the route really serves: its own handlers (next-auth's run only inside Next, so the
      // refusals are told apart by their mark, and each refusal is then called).
      const served: string[] = METHODS.filter(
        (m) => m !== "HEAD" && m !== "OPTIONS" && !refusesMethod(mod[m]),
      );
      expect(served.length, dir).toBeGreaterThan(0);
      if (served.includes("GET")) served.push("HEAD");
      served.push("OPTIONS");
      const allow = METHODS.filter((m) => served.includes(m)).join(", ");
      const statuses: Record<string, Response> = {};
      for (const m of METHODS.filter((m) => !served.includes(m))) {
        statuses[m] = await (mod[m] as Handler)(
          new NextRequest(`http://localhost:3000${urlFor(dir)}`, { method: m }),
          paramsFor(dir),
        );
        expect(statuses[m]!.status, `${m} ${dir}`).toBe(405);
      }
      for (const [m, res] of Object.entries(statuses)) {
        expect(res.headers.get("allow"), `${m} ${dir}`).toBe(allow);
        expect(res.headers.get("x-request-id"), `${m} ${dir}`).toMatch(/^req_/);
        expect(res.headers.get("content-type")).toContain("application/json");
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("method_not_allowed");
        expect(body.error.message).toContain(`${m} is not allowed`);
      }
      const options = await (mod.OPTIONS as Handler)(
        new NextRequest(`http://localhost:3000${urlFor(dir)}`, { method: "OPTIONS" }),
        paramsFor(dir),
      );
      expect(options.status).toBe(204);
      expect(options.headers.get("allow")).toBe(allow);
      expect(options.headers.get("x-request-id")).toMatch(/^req_/);
      if (served.includes("GET")) expect(mod.HEAD, `${dir}: HEAD is GET`).toBe(mod.GET);
    },
  );

  it("answers the issue's examples: GET cancel-link, DELETE an event", async () => {
    const link = await load("v1/cancel-link");
    const res = await (link.GET as Handler)(new NextRequest("http://localhost:3000/api/v1/cancel-link"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await res.json()).toEqual({
      error: {
        code: "method_not_allowed",
        message: "GET is not allowed on /api/v1/cancel-link; it answers POST, OPTIONS",
        details: { allow: ["POST", "OPTIONS"] },
      },
    });
    const event = await load("v1/cancellations/[eventId]");
    const del = await (event.DELETE as Handler)(
      new NextRequest("http://localhost:3000/api/v1/cancellations/x", { method: "DELETE" }),
      paramsFor("v1/cancellations/[eventId]"),
    );
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, HEAD, PATCH, OPTIONS");
    expect(del.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("HEAD is served where GET is (the GET handler), refused where it is not", async () => {
    const health = await load("health");
    expect((await (health.HEAD as Handler)(new NextRequest("http://localhost:3000/api/health"))).status).toBe(
      200,
    );
    const link = await load("v1/cancel-link");
    const head = await (link.HEAD as Handler)(
      new NextRequest("http://localhost:3000/api/v1/cancel-link", { method: "HEAD" }),
    );
    expect(head.status).toBe(405);
    expect(head.headers.get("allow")).toBe("POST, OPTIONS");
  });
});

describe("unknown API paths", () => {
  it.each(["/api/v1/nope", "/api/anything", "/api/v1/cancellations/a/b", "/api"])(
    "%s is a JSON 404 for every method",
    async (p) => {
      const mod = await load(CATCH_ALL);
      for (const m of METHODS) {
        const res = await (mod[m] as Handler)(new NextRequest(`http://localhost:3000${p}`, { method: m }));
        expect(res.status, `${m} ${p}`).toBe(404);
        expect(res.headers.get("x-request-id")).toMatch(/^req_/);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("not_found");
        expect(body.error.message).toContain(p);
      }
    },
  );
});
