import { apiNotFound } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** Any /api path no other route serves: a JSON 404 `not_found` (not Next's HTML page), every method. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiNotFound();
