// The request around a server action, for integration tests that call actions as the browser does:
// who is signed in and the workspace cookie. A test file mocks the modules with these factories,
//   vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
//   vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));
//   vi.mock("next/cache", () => ({ revalidatePath: () => {} })); // outside a request there is no cache
// and sets `request.user` / `request.cookies`; the mocks and the test share this one module instance.
import type { SessionUser } from "@/lib/auth/session";

export const request = {
  user: null as SessionUser | null,
  cookies: new Map<string, string>(),
};

/** Signed out, no cookies: call in afterEach. */
export function resetRequest() {
  request.user = null;
  request.cookies.clear();
}

export function sessionModule() {
  return {
    currentUser: async () => request.user,
    requireUser: async () => {
      if (!request.user) throw new Error("test: no one is signed in");
      return request.user;
    },
  };
}

export async function headersModule(importOriginal: <T>() => Promise<T>) {
  return {
    ...(await importOriginal<typeof import("next/headers")>()),
    cookies: async () => ({
      get: (name: string) =>
        request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined,
      set: (name: string, value: string) => request.cookies.set(name, value),
    }),
  };
}
