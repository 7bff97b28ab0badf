import type { Metadata } from "next";
import Link from "next/link";
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument, type OpenApiOperation } from "@/lib/api/openapi";
import { MANAGEMENT_BASE } from "@/lib/http/route-table";
import { constraintText, fieldRows, refName, resolve, typeText, type FieldRow } from "./schema-text";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-static";

const METHOD_STYLE: Record<string, string> = {
  get: "bg-emerald-100 text-emerald-800 ring-emerald-200",
  post: "bg-sky-100 text-sky-800 ring-sky-200",
  put: "bg-violet-100 text-violet-800 ring-violet-200",
  patch: "bg-amber-100 text-amber-800 ring-amber-200",
  delete: "bg-rose-100 text-rose-800 ring-rose-200",
};

interface Entry {
  method: string;
  path: string;
  op: OpenApiOperation;
}

function slug(text: string) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

function groupByTag(doc: OpenApiDocument) {
  const groups = new Map<string, Entry[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      for (const tag of op.tags) groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return groups;
}

/** Backticks in the document's prose become inline code. */
function Prose({ text, className = "" }: { text: string; className?: string }) {
  return (
    <p className={className}>
      {text.split("`").map((part, i) =>
        i % 2 ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </p>
  );
}

function MethodBadge({ method, small = false }: { method: string; small?: boolean }) {
  return (
    <span
      className={`inline-flex shrink-0 justify-center rounded font-mono font-semibold uppercase ring-1 ring-inset ${METHOD_STYLE[method] ?? "bg-slate-100 text-slate-700 ring-slate-200"} ${small ? "w-12 px-1 py-px text-[10px]" : "w-16 px-2 py-0.5 text-xs"}`}
    >
      {method}
    </span>
  );
}

/** Lets long paths wrap after a slash instead of inside a word. */
function SlashBreaks({ text }: { text: string }) {
  return text.split("/").map((part, i) => (
    <span key={i}>
      {i > 0 && "/"}
      {part}
      <wbr />
    </span>
  ));
}

function PathText({ path }: { path: string }) {
  const rest = path.startsWith(MANAGEMENT_BASE) ? path.slice(MANAGEMENT_BASE.length) : path;
  const base = path.startsWith(MANAGEMENT_BASE) ? MANAGEMENT_BASE : "";
  return (
    <code className="break-all font-mono text-sm">
      <span className="text-slate-400">{base}</span>
      <span className="font-semibold text-slate-900">{rest || "/"}</span>
    </code>
  );
}

/** A type text whose named parts link to the schema section, e.g. `AuditLog[]`. */
function TypeText({ text, schemaNames }: { text: string; schemaNames: Set<string> }) {
  const name = text.replace(/\[\]$/, "");
  const body = <code className="break-words font-mono text-xs text-indigo-700">{text}</code>;
  return schemaNames.has(name) ? (
    <a href={`#schema-${name}`} className="underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-600">
      {body}
    </a>
  ) : (
    body
  );
}

function FieldTable({ rows, caption, schemaNames, showRequired = true }: { rows: FieldRow[]; caption?: string; schemaNames: Set<string>; showRequired?: boolean }) {
  if (!rows.length) return <p className="text-sm text-slate-500">No fields.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full min-w-[36rem] table-fixed text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="w-[30%] px-3 py-2 font-medium">Field</th>
            <th className="w-[25%] px-3 py-2 font-medium">Type</th>
            <th className="px-3 py-2 font-medium">Notes</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.name} className="align-top">
              <td className="whitespace-nowrap px-3 py-2">
                <code className="font-mono text-slate-900">{row.name}</code>
                {showRequired && row.required && <span className="ml-2 text-[11px] font-medium text-rose-600">required</span>}
              </td>
              <td className="px-3 py-2">
                <TypeText text={row.type} schemaNames={schemaNames} />
              </td>
              <td className="px-3 py-2 text-slate-600">
                {row.description && <Prose text={row.description} />}
                {row.constraints.length > 0 && <p className="font-mono text-xs text-slate-500">{row.constraints.join(" · ")}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubHeading({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-2 mt-5 text-xs font-semibold uppercase tracking-wider text-slate-500">{children}</h4>;
}

function ResponseBody({ doc, schema, schemaNames }: { doc: OpenApiDocument; schema: JsonSchema; schemaNames: Set<string> }) {
  const isArray = schema.type === "array";
  const item = isArray ? ((schema.items as JsonSchema | undefined) ?? {}) : schema;
  const name = refName(item.$ref);
  const label = isArray ? `Array of ${name ?? typeText(item)}` : (name ?? "JSON object");
  const resolved = resolve(doc, item);
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600">
        <code className="font-mono text-xs text-indigo-700">{label}</code>
        {isArray && <span className="ml-2 text-slate-500">(a bare JSON array)</span>}
      </p>
      {resolved.properties ? <FieldTable rows={fieldRows(doc, resolved)} caption={label} schemaNames={schemaNames} showRequired={false} /> : null}
    </div>
  );
}

function OperationCard({ doc, entry, schemaNames }: { doc: OpenApiDocument; entry: Entry; schemaNames: Set<string> }) {
  const { op, method, path } = entry;
  const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"));
  const statusOf = new Map(doc["x-error-codes"].map((e) => [e.code, e.status]));
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  // Path ids all share one pattern; repeating it on every card would only add noise.
  const paramRows = (list: typeof op.parameters, withConstraints: boolean): FieldRow[] =>
    list.map((p) => ({ name: p.name, type: typeText(p.schema), required: p.required, description: p.description, constraints: withConstraints ? constraintText(p.schema) : [] }));
  const body = op.requestBody?.content["application/json"].schema;
  return (
    <article id={`op-${op.operationId}`} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <header className="flex items-start gap-3">
        <MethodBadge method={method} />
        <PathText path={path} />
      </header>
      <div className="mt-3 flex items-start gap-3">
        <Prose text={op.summary} className="text-slate-700" />
        <a href={`#op-${op.operationId}`} title="Operation id" className="ml-auto shrink-0 rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-500 hover:text-slate-800">
          {op.operationId}
        </a>
      </div>

      {pathParams.length > 0 && (
        <>
          <SubHeading>Path parameters</SubHeading>
          <FieldTable rows={paramRows(pathParams, false)} caption="Path parameters" schemaNames={schemaNames} />
        </>
      )}
      {queryParams.length > 0 && (
        <>
          <SubHeading>Query parameters</SubHeading>
          <FieldTable rows={paramRows(queryParams, true)} caption="Query parameters" schemaNames={schemaNames} />
        </>
      )}
      {body && (
        <>
          <SubHeading>Request body {op.requestBody?.required ? "" : "(optional)"}</SubHeading>
          <FieldTable rows={fieldRows(doc, body)} caption="Request body" schemaNames={schemaNames} />
        </>
      )}
      {success && (
        <>
          <SubHeading>
            Response <span className="ml-1 rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-emerald-700">{success[0]}</span>
          </SubHeading>
          {success[1].content ? (
            <ResponseBody doc={doc} schema={success[1].content["application/json"].schema} schemaNames={schemaNames} />
          ) : (
            <p className="text-sm text-slate-600">{success[1].description} — empty body.</p>
          )}
        </>
      )}
      <SubHeading>Errors</SubHeading>
      <ul className="flex flex-wrap gap-2">
        {op["x-error-codes"].map((code) => (
          <li key={code}>
            <a href={`#error-${code}`} className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-slate-50 px-2.5 py-0.5 text-xs text-slate-700 hover:border-slate-300">
              <span className="font-mono font-semibold text-slate-500">{statusOf.get(code)}</span>
              <span className="font-mono">{code}</span>
            </a>
          </li>
        ))}
      </ul>
    </article>
  );
}

export default function DocsPage() {
  const doc = buildOpenApiDocument();
  const groups = groupByTag(doc);
  const schemaNames = new Set(Object.keys(doc.components.schemas));
  const entities = Object.keys(doc.components.schemas).filter((name) => name !== "Error");
  return (
    <div className="mx-auto max-w-7xl px-4 py-10 sm:px-6 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
      <nav aria-label="API sections" className="hidden lg:block">
        <div className="sticky top-6 max-h-[calc(100vh-3rem)] overflow-y-auto pb-6 text-sm">
          <Link href="/" className="font-semibold text-indigo-600 hover:text-indigo-500">
            ← Nahook
          </Link>
          <ul className="mt-6 space-y-1">
            <li><a href="#authentication" className="text-slate-600 hover:text-slate-900">Authentication</a></li>
            <li><a href="#errors" className="text-slate-600 hover:text-slate-900">Errors</a></li>
          </ul>
          {[...groups].map(([tag, entries]) => (
            <div key={tag} className="mt-6">
              <a href={`#tag-${slug(tag)}`} className="text-xs font-semibold uppercase tracking-wider text-slate-500 hover:text-slate-800">
                {tag}
              </a>
              <ul className="mt-2 space-y-1">
                {entries.map(({ method, path, op }) => (
                  <li key={op.operationId}>
                    <a href={`#op-${op.operationId}`} className="flex items-start gap-2 rounded px-1 py-0.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                      <MethodBadge method={method} small />
                      <span className="min-w-0 font-mono text-xs leading-snug [overflow-wrap:anywhere]">
                        <SlashBreaks text={path.replace(MANAGEMENT_BASE, "") || "/"} />
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <a href="#schemas" className="mt-6 block text-xs font-semibold uppercase tracking-wider text-slate-500 hover:text-slate-800">
            Schemas
          </a>
        </div>
      </nav>

      <main className="min-w-0">
        <header className="border-b border-slate-200 pb-8">
          <p className="text-sm font-semibold uppercase tracking-wider text-indigo-600">Reference</p>
          <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">{doc.info.title}</h1>
          <div className="mt-4 max-w-3xl space-y-3 leading-relaxed text-slate-600">
            {doc.info.description.split("\n\n").map((paragraph) => (
              <Prose key={paragraph} text={paragraph} />
            ))}
          </div>
          <div className="mt-5 flex flex-wrap gap-3 text-sm">
            <a href="/management/v1/openapi.json" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100">
              OpenAPI 3.1 JSON
            </a>
            <span className="rounded-md bg-slate-100 px-3 py-1.5 text-slate-600">
              {Object.values(doc.paths).reduce((n, m) => n + Object.keys(m).length, 0)} operations · version {doc.info.version}
            </span>
          </div>
          <nav aria-label="Jump to section" className="mt-6 flex flex-wrap gap-2 text-sm lg:hidden">
            {["Authentication", "Errors", ...groups.keys(), "Schemas"].map((name) => (
              <a
                key={name}
                href={`#${["Authentication", "Errors", "Schemas"].includes(name) ? name.toLowerCase() : `tag-${slug(name)}`}`}
                className="rounded-full border border-slate-200 bg-white px-3 py-1 text-slate-600 hover:text-slate-900"
              >
                {name}
              </a>
            ))}
          </nav>
        </header>

        <section id="authentication" className="scroll-mt-6 py-8">
          <h2 className="text-xl font-semibold text-slate-900">Authentication</h2>
          <ul className="mt-4 grid gap-3 sm:grid-cols-2">
            {Object.entries(doc.components.securitySchemes).map(([name, scheme]) => (
              <li key={name} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                <p className="font-mono font-semibold text-slate-900">Authorization: Bearer {String(scheme.bearerFormat)}</p>
                <Prose text={String(scheme.description ?? "")} className="mt-1 text-slate-600" />
              </li>
            ))}
          </ul>
        </section>

        <section id="errors" className="scroll-mt-6 border-t border-slate-200 py-8">
          <h2 className="text-xl font-semibold text-slate-900">Errors</h2>
          <p className="mt-2 text-slate-600">Every non-2xx response carries the same envelope; validation errors add one entry per invalid field.</p>
          <pre className="mt-4 overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-sm leading-relaxed text-slate-100">
            {`{
  "error": {
    "code": "validation_error",
    "message": "name: is required",
    "details": [{ "field": "name", "message": "is required" }]
  }
}`}
          </pre>
          <div className="mt-6 overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Error codes</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">Status</th>
                  <th className="px-3 py-2 font-medium">Code</th>
                  <th className="px-3 py-2 font-medium">Meaning</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {doc["x-error-codes"].map((e) => (
                  <tr key={e.code} id={`error-${e.code}`} className="scroll-mt-6 align-top">
                    <td className="px-3 py-2 font-mono text-slate-500">{e.status}</td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-slate-900">{e.code}</td>
                    <td className="px-3 py-2 text-slate-600">
                      <Prose text={e.description} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        {[...groups].map(([tag, entries]) => (
          <section key={tag} id={`tag-${slug(tag)}`} className="scroll-mt-6 border-t border-slate-200 py-8">
            <h2 className="text-xl font-semibold text-slate-900">{tag}</h2>
            <Prose text={doc.tags.find((t) => t.name === tag)?.description ?? ""} className="mt-1 text-slate-600" />
            <div className="mt-6 space-y-6">
              {entries.map((entry) => (
                <OperationCard key={entry.op.operationId} doc={doc} entry={entry} schemaNames={schemaNames} />
              ))}
            </div>
          </section>
        ))}

        <section id="schemas" className="scroll-mt-6 border-t border-slate-200 py-8">
          <h2 className="text-xl font-semibold text-slate-900">Schemas</h2>
          <p className="mt-1 text-slate-600">Objects returned by several operations. Timestamps are ISO-8601 strings in UTC.</p>
          <div className="mt-6 space-y-6">
            {entities.map((name) => (
              <article key={name} id={`schema-${name}`} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <h3 className="mb-3 font-mono font-semibold text-slate-900">{name}</h3>
                <FieldTable rows={fieldRows(doc, doc.components.schemas[name])} caption={name} schemaNames={schemaNames} showRequired={false} />
              </article>
            ))}
          </div>
        </section>
      </main>
    </div>
  );
}
