import { withErrors } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { env } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

const get = withErrors(async () =>
  Response.json(buildOpenApiDocument(env().API_URL), { headers: { "cache-control": "public, max-age=300" } }),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
