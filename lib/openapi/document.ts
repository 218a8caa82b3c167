import { z } from "zod";
import { API, type ApiOperation, isWriteOperation } from "@/lib/api/operations";
import { PLANS, planFor } from "@/lib/billing/plans";

type JsonSchema = Record<string, unknown>;

/**
 * OpenAPI 3.1 built from the operations the routes run with (lib/api/operations.ts): the same zod
 * schemas that parse requests, the same plan gates, so the document cannot drift from what the API
 * does. Named schemas (`.meta({ id })`) land in components.schemas.
 */
export function buildOpenApiDocument(apiUrl: string) {
  const components: Record<string, JsonSchema> = {};

  const schema = (s: z.ZodType, io: "input" | "output"): JsonSchema => {
    const out = z.toJSONSchema(s, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
    const text = JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/');
    const {
      $schema: _s,
      $defs,
      ...rest
    } = JSON.parse(text) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    Object.assign(components, $defs ?? {});
    return rest;
  };

  const queryParameters = (s: z.ZodType) => {
    const js = schema(s, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(js.properties).map(([name, p]) => ({
      name,
      in: "query",
      required: js.required?.includes(name) ?? false,
      ...(typeof p.description === "string" ? { description: p.description } : {}),
      schema: p,
    }));
  };

  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  });

  /** The wrapper's errors that the operation's options make possible, then the operation's own. */
  const errorsOf = (op: ApiOperation): Record<string, string> => {
    const write = isWriteOperation(op);
    const out: Record<string, string> = {
      "401": "Missing or invalid API key.",
      "429": "Rate limit exceeded; see `Retry-After`.",
    };
    if (op.body || op.query || op.params) out["400"] = "Validation failed; the message names the field.";
    if (op.feature || write) {
      const plan = op.feature ? `${PLANS[planFor(op.feature)].name} plan required (\`plan_required\`)` : "";
      const demo = write ? "the demo workspace is read-only (`demo_workspace`)" : "";
      out["403"] = plan && demo ? `${plan}, or ${demo}.` : `${plan || demo.replace(/^t/, "T")}.`;
    }
    if (write) out["402"] = "Workspace is read-only due to expired subscription access.";
    if (op.body) {
      out["413"] = "Body larger than 64 KB.";
      out["415"] = "Content-Type must be application/json.";
    }
    return { ...out, ...op.errors };
  };

  const pathParameters = (op: ApiOperation) =>
    Object.entries(op.params?.shape ?? {}).map(([name, s]) => ({
      name,
      in: "path",
      required: true,
      ...(op.pathParameters?.[name] ? { description: op.pathParameters[name] } : {}),
      schema: schema(s as z.ZodType, "input"),
    }));

  const responsesOf = (op: ApiOperation) => ({
    ...Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          content: r.contentType
            ? { [r.contentType]: { schema: { type: "string" } } }
            : { "application/json": { schema: r.schema ? schema(r.schema, "output") : {} } },
        },
      ]),
    ),
    ...Object.fromEntries(Object.entries(errorsOf(op)).map(([status, d]) => [status, error(d)])),
  });

  components.Error = {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      },
    },
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of Object.values(API) as ApiOperation[]) {
    const parameters = [...pathParameters(op), ...(op.query ? queryParameters(op.query) : [])];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      // Which plan feature gates the operation: the dashboard docs mark plans from it.
      ...(op.feature ? { "x-retentbase-feature": op.feature } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schema(op.body, "input") } },
            },
          }
        : {}),
      responses: responsesOf(op),
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "RetentBase API",
      version: "1.0.0",
      description:
        'Cancellation flows and retention analytics. Errors: {"error":{"code","message","details"?}}.',
    },
    servers: [{ url: apiUrl }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "Workspace API key" },
        apiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key" },
      },
      schemas: components,
    },
  };
}
