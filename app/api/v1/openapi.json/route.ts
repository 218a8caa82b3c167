import { withErrors } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

export const GET = withErrors(async () =>
  Response.json(buildOpenApiDocument(env().API_URL), { headers: { "cache-control": "public, max-age=300" } }),
);
