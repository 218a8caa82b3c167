import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import type { ReferenceEndpoint, ReferenceField } from "@/lib/openapi/reference";

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-slate-100 text-slate-800 ring-slate-300",
  POST: "bg-brand-50 text-brand-800 ring-brand-200",
  PATCH: "bg-amber-50 text-amber-900 ring-amber-200",
};

function Fields({ fields, caption }: { fields: ReferenceField[]; caption: string }) {
  return (
    <Table caption={caption} minWidth="min-w-[38rem]" className="shadow-none">
      <THead>
        <Th>Field</Th>
        <Th>Type</Th>
        <Th>Required</Th>
        <Th>Description</Th>
      </THead>
      <TBody>
        {fields.map((f) => (
          <tr key={f.name}>
            <Td className="font-mono text-xs whitespace-nowrap text-ink">{f.name}</Td>
            <Td className="font-mono text-xs text-ink-muted">{f.type}</Td>
            <Td>{f.required ? "Yes" : "No"}</Td>
            <Td className="text-ink-muted">{f.description ? <Prose text={f.description} /> : "—"}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}

/** OpenAPI descriptions mark code with backticks. */
function Prose({ text }: { text: string }) {
  let offset = 0;
  const parts = text.split("`").map((part, i) => {
    const key = `at-${offset}`;
    offset += part.length + 1;
    return i % 2 ? (
      <code key={key} className="font-mono text-xs">
        {part}
      </code>
    ) : (
      <Fragment key={key}>{part}</Fragment>
    );
  });
  return <>{parts}</>;
}

function SubHeading({ children }: { children: string }) {
  return (
    <h4 className="mt-5 mb-2 text-xs font-semibold tracking-wide text-ink-muted uppercase">{children}</h4>
  );
}

/**
 * Every endpoint of the OpenAPI document, collapsed to one line each (method, path, summary,
 * plan); open one for its fields and responses.
 */
export function EndpointReference({
  endpoints,
  workspacePlan,
}: {
  endpoints: ReferenceEndpoint[];
  workspacePlan: "core" | "advanced";
}) {
  return (
    <div className="divide-y divide-line rounded-card border border-line">
      {endpoints.map((e) => {
        const name = `${e.method} ${e.path}`;
        const locked = e.plan === "advanced" && workspacePlan === "core";
        return (
          <details key={e.id} className="group" id={`endpoint-${e.id}`}>
            <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-surface-muted [&::-webkit-details-marker]:hidden">
              <span aria-hidden="true" className="text-slate-400 transition-transform group-open:rotate-90">
                ▸
              </span>
              <span
                className={cn(
                  "rounded px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset",
                  METHOD_STYLE[e.method] ?? METHOD_STYLE.GET,
                )}
              >
                {e.method}
              </span>
              <code className="font-mono text-sm break-all text-ink">{e.path}</code>
              {e.plan === "advanced" ? (
                <Badge tone={locked ? "warning" : "neutral"}>
                  {locked ? "Advanced plan only" : "Advanced"}
                </Badge>
              ) : null}
              <span className="basis-full pl-6 text-sm text-ink-muted">
                <Prose text={e.summary} />
              </span>
            </summary>
            <div className="px-4 pt-1 pb-5 sm:pl-10">
              {e.description ? (
                <p className="text-sm text-ink-muted">
                  <Prose text={e.description} />
                </p>
              ) : null}
              {locked ? (
                <p className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
                  Your workspace is on Core: this endpoint answers <code>403 plan_required</code> until you
                  move to Advanced.
                </p>
              ) : null}
              <p className="mt-2 text-xs text-ink-subtle">
                Auth: <code>Authorization: Bearer &lt;API key&gt;</code> or <code>x-api-key</code>
                {e.bodyFields.length ? (
                  <>
                    {" "}
                    · Content-Type: <code>application/json</code>
                  </>
                ) : null}
              </p>
              {e.pathParameters.length ? (
                <>
                  <SubHeading>Path parameters</SubHeading>
                  <Fields fields={e.pathParameters} caption={`${name}: path parameters`} />
                </>
              ) : null}
              {e.queryParameters.length ? (
                <>
                  <SubHeading>Query parameters</SubHeading>
                  <Fields fields={e.queryParameters} caption={`${name}: query parameters`} />
                </>
              ) : null}
              {e.bodyFields.length ? (
                <>
                  <SubHeading>JSON body</SubHeading>
                  <Fields fields={e.bodyFields} caption={`${name}: JSON body`} />
                </>
              ) : null}
              <SubHeading>Responses</SubHeading>
              <Table caption={`${name}: responses`} minWidth="min-w-[24rem]" className="shadow-none">
                <THead>
                  <Th>Status</Th>
                  <Th>Meaning</Th>
                </THead>
                <TBody>
                  {e.responses.map((r) => (
                    <tr key={r.status}>
                      <Td className="font-mono text-xs font-semibold text-ink">{r.status}</Td>
                      <Td className="text-ink-muted">
                        <Prose text={r.description} />
                      </Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            </div>
          </details>
        );
      })}
    </div>
  );
}
