import vm from "node:vm";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { ApiError, type FieldIssue } from "@/lib/http/errors";

/**
 * JSON Schemas of event types (draft-07, validated by Ajv). Each schema gets its own Ajv
 * instance, so one tenant's `$id` can never collide with or resolve to another's, and remote
 * `$ref`s are never fetched (an unresolvable reference is an invalid schema). `format` is not
 * checked (no format plugin), so an unknown format never rejects a schema.
 *
 * Tenants write these schemas, and every web process validates with them on its one thread, so
 * no schema may make a payload expensive: `uniqueItems` is linear (Ajv compares items pairwise),
 * `$async` (a validator that never says no) is refused, and every validation runs under a time
 * budget (combinators over recursive references can take exponential time on a tiny payload).
 */

export const SCHEMA_LIMITS = { schemaBytes: 64 * 1024, examples: 5, exampleBytes: 16 * 1024 } as const;

/** How long one validation may hold the thread before it is abandoned with a 400. */
export const VALIDATION_BUDGET_MS = 250;

function newAjv() {
  // ownProperties: a property named `constructor` or `toString` is the payload's, not Object's.
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false, logger: false, ownProperties: true });
  ajv.removeKeyword("uniqueItems");
  ajv.addKeyword({ keyword: "uniqueItems", type: "array", schemaType: "boolean", validate: uniqueItems });
  return ajv;
}

/** JSON Schema equality (objects regardless of key order) in one pass: each item's canonical text. */
function uniqueItems(this: unknown, wanted: boolean, items: unknown[]): boolean {
  if (!wanted) return true;
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const key = canonicalJson(items[i]);
    const first = seen.get(key);
    if (first !== undefined) {
      uniqueItems.errors = [{ keyword: "uniqueItems", message: `must NOT have duplicate items (items ## ${first} and ${i} are identical)`, params: { i: first, j: i } }];
      return false;
    }
    seen.set(key, i);
  }
  return true;
}
uniqueItems.errors = undefined as Partial<ErrorObject>[] | undefined;

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** One script, one context: the watchdog interrupts whatever runs too long, in any context. */
const budgetScript = new vm.Script("job()");
const budgetContext = vm.createContext({ job: null as (() => unknown) | null });

/** Runs `validate(value)` under VALIDATION_BUDGET_MS; throws a 400 naming `root` when it cannot finish. */
function validateWithinBudget(validate: ValidateFunction, value: unknown, root: string): boolean {
  budgetContext.job = () => validate(value);
  try {
    return budgetScript.runInContext(budgetContext, { timeout: VALIDATION_BUDGET_MS }) as boolean;
  } catch (error) {
    const reason =
      (error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT" ? `could not be validated within ${VALIDATION_BUDGET_MS} ms against the event type's schema`
      : error instanceof RangeError ? "could not be validated: the event type's schema refers to itself without end"
      : null;
    if (reason === null) throw error;
    throw new ApiError("validation_error", `${root}: ${reason}`, [{ field: root, message: reason }]);
  } finally {
    budgetContext.job = null;
  }
}

/** Compiles a schema or throws a 400 naming `field` with Ajv's explanation. */
export function compileSchema(schema: Record<string, unknown>, field = "schema"): ValidateFunction {
  const size = Buffer.byteLength(JSON.stringify(schema), "utf8");
  if (size > SCHEMA_LIMITS.schemaBytes) {
    throw new ApiError("validation_error", `${field}: must be at most ${SCHEMA_LIMITS.schemaBytes / 1024} KiB of JSON`, [{ field, message: `must be at most ${SCHEMA_LIMITS.schemaBytes / 1024} KiB` }]);
  }
  let validate: ValidateFunction;
  try {
    validate = newAjv().compile(schema);
  } catch (error) {
    // Ajv's own wording ("schema is invalid: data/type must be …", "can't resolve reference …");
    // a RangeError is a schema nested too deeply to compile.
    const reason = error instanceof RangeError ? "is nested too deeply" : `is not a valid JSON Schema (${(error as Error).message.replace(/^schema is invalid: /, "")})`;
    throw new ApiError("validation_error", `${field}: ${reason}`, [{ field, message: reason }]);
  }
  // An async validator answers with a promise, which would let every payload through.
  if ((validate as { $async?: boolean }).$async) throw new ApiError("validation_error", `${field}: must not be asynchronous ($async)`, [{ field, message: "must not be asynchronous ($async)" }]);
  return validate;
}

/** Ajv's first error as a dotted path under `root` (payload.items.0.price) and a message. */
export function describeSchemaError(error: ErrorObject, root: string): FieldIssue {
  const segments = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required" && typeof error.params.missingProperty === "string") segments.push(error.params.missingProperty);
  if (error.keyword === "additionalProperties" && typeof error.params.additionalProperty === "string") segments.push(error.params.additionalProperty);
  const field = [root, ...segments].join(".");
  const message = error.keyword === "required" ? "is required" : error.keyword === "additionalProperties" ? "is not allowed" : (error.message ?? "is invalid");
  return { field, message };
}

/** Validates a value; throws 400 validation_error naming the failing path under `root`. */
export function assertMatches(validate: ValidateFunction, value: unknown, root: string): void {
  if (validateWithinBudget(validate, value, root)) return;
  const issue = describeSchemaError(validate.errors![0], root);
  throw new ApiError("validation_error", `${issue.field}: ${issue.message}`, [issue]);
}

/** Checks a T2/T4 schema and examples together: the schema compiles, every example matches it. */
export function checkSchemaAndExamples(schema: Record<string, unknown> | null | undefined, examples: Record<string, unknown>[] | undefined): void {
  const validate = schema ? compileSchema(schema) : null;
  // A schema that recurses before looking at anything (`{"$ref": "#"}`) fails every payload: refused now.
  if (validate) {
    for (const probe of [{}, [], null, "", 0]) {
      try {
        validateWithinBudget(validate, probe, "schema");
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        throw new ApiError("validation_error", "schema: refers to itself without end or takes too long to evaluate", [{ field: "schema", message: "refers to itself without end or takes too long to evaluate" }]);
      }
    }
  }
  examples?.forEach((example, i) => {
    if (Buffer.byteLength(JSON.stringify(example), "utf8") > SCHEMA_LIMITS.exampleBytes) {
      throw new ApiError("validation_error", `examples.${i}: must be at most ${SCHEMA_LIMITS.exampleBytes / 1024} KiB of JSON`, [{ field: `examples.${i}`, message: "is too large" }]);
    }
    if (validate) assertMatches(validate, example, `examples.${i}`);
  });
}

/**
 * Compiled validators for ingestion, keyed by event type and its updatedAt: an update anywhere
 * (any process) changes the key, so a stale validator is never used; compiled once per version.
 * Bounded: the oldest entries go first.
 */
const MAX_CACHED = 500;
const cache = new Map<string, { version: number; validate: ValidateFunction }>();

export function cachedValidator(eventTypeId: string, version: Date): ValidateFunction | null {
  const hit = cache.get(eventTypeId);
  return hit && hit.version === version.getTime() ? hit.validate : null;
}

export function cacheValidator(eventTypeId: string, version: Date, schema: Record<string, unknown>): ValidateFunction {
  const validate = compileSchema(schema);
  cache.delete(eventTypeId);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(eventTypeId, { version: version.getTime(), validate });
  return validate;
}

export function forgetValidator(eventTypeId: string): void {
  cache.delete(eventTypeId);
}

/** What the portal shows of a schema: one row per property, nested paths dotted. */
export interface SchemaField {
  path: string;
  type: string;
  required: boolean;
  description: string | null;
  /** Allowed values, format or other short constraints, as text. */
  notes: string | null;
}

function typeOf(node: Record<string, unknown>): string {
  if (Array.isArray(node.type)) return node.type.join(" | ");
  if (typeof node.type === "string") return node.type === "array" && isObject(node.items) && typeof node.items.type === "string" ? `array of ${node.items.type}` : node.type;
  if (node.enum) return "enum";
  if (node.const !== undefined) return "const";
  if (node.$ref) return "reference";
  if (node.oneOf || node.anyOf) return "one of several";
  return "any";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function schemaFields(schema: unknown, maxRows = 200): SchemaField[] {
  const rows: SchemaField[] = [];
  const walk = (node: Record<string, unknown>, prefix: string, depth: number) => {
    if (depth > 8 || rows.length >= maxRows) return;
    const properties = isObject(node.properties) ? node.properties : null;
    const required = new Set(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === "string") : []);
    if (properties) {
      for (const [name, child] of Object.entries(properties)) {
        if (!isObject(child) || rows.length >= maxRows) continue;
        const path = prefix ? `${prefix}.${name}` : name;
        const notes = [
          Array.isArray(child.enum) ? `one of ${child.enum.map((v) => JSON.stringify(v)).join(", ")}` : null,
          child.const !== undefined ? `always ${JSON.stringify(child.const)}` : null,
          typeof child.format === "string" ? `format ${child.format}` : null,
          typeof child.pattern === "string" ? `pattern ${child.pattern}` : null,
          typeof child.minimum === "number" ? `≥ ${child.minimum}` : null,
          typeof child.maximum === "number" ? `≤ ${child.maximum}` : null,
        ].filter(Boolean);
        rows.push({ path, type: typeOf(child), required: required.has(name), description: typeof child.description === "string" ? child.description : null, notes: notes.length ? notes.join("; ") : null });
        walk(child, path, depth + 1);
        if (isObject(child.items)) walk(child.items, `${path}[]`, depth + 1);
      }
    }
  };
  if (isObject(schema)) walk(schema, "", 0);
  return rows;
}
