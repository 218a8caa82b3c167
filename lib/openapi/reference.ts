// The endpoint reference the dashboard docs render, read from the OpenAPI document (itself built
// from the zod schemas that parse requests), so the page cannot drift from what the API accepts.
import { type Feature, type PlanId, planFor } from "@/lib/billing/plans";
import type { buildOpenApiDocument } from "./document";

type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
type JsonSchema = { [key: string]: unknown };

export type ReferenceField = { name: string; type: string; required: boolean; description: string };

export type ReferenceEndpoint = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  /** The cheapest plan that has this endpoint. */
  plan: PlanId;
  pathParameters: ReferenceField[];
  queryParameters: ReferenceField[];
  bodyFields: ReferenceField[];
  responses: { status: string; description: string }[];
};

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function resolve(s: JsonSchema, components: Record<string, unknown>): JsonSchema {
  const ref = s.$ref;
  if (typeof ref !== "string") return s;
  const target = components[ref.split("/").pop() ?? ""];
  return isSchema(target) ? resolve(target, components) : {};
}

/** The schema without its `null` alternative: docs describe what to send. */
function nonNull(s: JsonSchema): JsonSchema[] {
  if (Array.isArray(s.anyOf)) {
    return s.anyOf.filter(isSchema).filter((alt) => alt.type !== "null");
  }
  return [s];
}

/** A short, readable type: `"prod" | "sandbox"`, `string (ISO date-time)`, `integer`, `object`. */
export function typeLabel(s: JsonSchema): string {
  const labels = nonNull(s).map((alt) => {
    if (Array.isArray(alt.enum)) return alt.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (alt.const !== undefined) return JSON.stringify(alt.const);
    if (alt.format === "date-time") return "string (ISO date-time)";
    if (alt.format === "date") return "string (date, UTC)";
    if (Array.isArray(alt.type)) return alt.type.filter((t) => t !== "null").join(" | ");
    return typeof alt.type === "string" ? alt.type : "any";
  });
  return [...new Set(labels)].join(" | ") || "any";
}

function describeSchema(s: JsonSchema): string {
  const text = typeof s.description === "string" ? s.description : "";
  const fallback = nonNull(s).find((alt) => typeof alt.description === "string")?.description;
  const base = text || (typeof fallback === "string" ? fallback : "");
  if (s.default === undefined || /default/i.test(base)) return base;
  return `${base}${base ? " " : ""}Default: ${JSON.stringify(s.default)}.`;
}

/** Object properties as rows; nested objects become `parent.child` rows, as the API guide lists them. */
function fields(
  s: JsonSchema,
  components: Record<string, unknown>,
  prefix = "",
  parentRequired = true,
): ReferenceField[] {
  const obj = resolve(s, components);
  const props = isSchema(obj.properties) ? obj.properties : {};
  const required = Array.isArray(obj.required) ? obj.required : [];
  return Object.entries(props).flatMap(([name, raw]) => {
    if (!isSchema(raw)) return [];
    const prop = resolve(raw, components);
    const path = `${prefix}${name}`;
    const isRequired = parentRequired && required.includes(name);
    const nested = nonNull(prop).find((alt) => alt.type === "object" && isSchema(alt.properties));
    if (nested) return fields(nested, components, `${path}.`, isRequired);
    return [{ name: path, type: typeLabel(prop), required: isRequired, description: describeSchema(prop) }];
  });
}

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: unknown };

function parameterFields(parameters: unknown, where: "path" | "query"): ReferenceField[] {
  if (!Array.isArray(parameters)) return [];
  return (parameters as Parameter[])
    .filter((p) => p.in === where)
    .map((p) => {
      const schema = isSchema(p.schema) ? p.schema : {};
      return {
        name: p.name,
        type: typeLabel(schema),
        required: p.required === true,
        description: p.description ?? describeSchema(schema),
      };
    });
}

export function endpointReference(doc: OpenApiDocument): ReferenceEndpoint[] {
  const components = doc.components.schemas as Record<string, unknown>;
  const endpoints: ReferenceEndpoint[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!isSchema(op)) continue;
      const feature = op["x-retentbase-feature"] as Feature | undefined;
      const requestBody = isSchema(op.requestBody) ? op.requestBody : undefined;
      const content = requestBody && isSchema(requestBody.content) ? requestBody.content : undefined;
      const json = content && isSchema(content["application/json"]) ? content["application/json"] : undefined;
      const bodySchema = json && isSchema(json.schema) ? json.schema : undefined;
      const responses = isSchema(op.responses) ? op.responses : {};
      endpoints.push({
        id: typeof op.operationId === "string" ? op.operationId : `${method}-${path}`,
        method: method.toUpperCase(),
        path,
        summary: typeof op.summary === "string" ? op.summary : "",
        description: typeof op.description === "string" ? op.description : null,
        plan: feature ? planFor(feature) : "core",
        pathParameters: parameterFields(op.parameters, "path"),
        queryParameters: parameterFields(op.parameters, "query"),
        bodyFields: bodySchema ? fields(bodySchema, components) : [],
        responses: Object.entries(responses)
          .map(([status, r]) => ({
            status,
            description: isSchema(r) && typeof r.description === "string" ? r.description : "",
          }))
          .sort((a, b) => a.status.localeCompare(b.status)),
      });
    }
  }
  return endpoints;
}
