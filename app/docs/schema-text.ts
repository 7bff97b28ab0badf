import type { JsonSchema, OpenApiDocument } from "@/lib/api/openapi";

/** Turns JSON Schema fragments of the OpenAPI document into the short texts the reference shows. */

export function refName(ref: unknown): string | null {
  return typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : null;
}

export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const name = refName(schema.$ref);
  return name ? (doc.components.schemas[name] ?? schema) : schema;
}

/** A type as a TypeScript-like phrase, e.g. `string | null`, `Environment[]`, `object<string, string>`. */
export function typeText(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  const name = refName(schema.$ref);
  if (name) return name;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return [...new Set(variants.map(variantText))].join(" | ");
  if (Array.isArray(schema.type)) return schema.type.map((t) => typeText({ ...schema, type: t })).join(" | ");
  switch (schema.type) {
    case "array":
      return `${wrap(typeText(schema.items as JsonSchema | undefined))}[]`;
    case "object": {
      const extra = schema.additionalProperties;
      if (!schema.properties && extra && typeof extra === "object") return `object<string, ${typeText(extra as JsonSchema)}>`;
      return "object";
    }
    case undefined:
      return "any";
    default:
      return String(schema.type);
  }
}

/** In a union, objects are told apart by their fields: `{ status, data } | { status }`. */
function variantText(schema: JsonSchema): string {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type !== "object" || !properties) return typeText(schema);
  return `{ ${Object.entries(properties)
    .map(([name, prop]) => (prop.const !== undefined ? `${name}: ${JSON.stringify(prop.const)}` : name))
    .join(", ")} }`;
}

function wrap(text: string) {
  return text.includes(" | ") ? `(${text})` : text;
}

/** Limits and formats worth telling a caller: lengths, ranges, patterns. */
export function constraintText(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return variants.flatMap(constraintText);
  const out: string[] = [];
  const { minLength, maxLength, minimum, maximum, pattern, format, maxProperties } = schema as Record<string, unknown>;
  if (typeof minLength === "number" && typeof maxLength === "number") out.push(`${minLength}–${maxLength} chars`);
  else if (typeof maxLength === "number") out.push(`≤ ${maxLength} chars`);
  else if (typeof minLength === "number" && minLength > 0) out.push(`≥ ${minLength} chars`);
  if (typeof minimum === "number" && typeof maximum === "number") out.push(`${minimum}–${maximum}`);
  else if (typeof minimum === "number") out.push(`≥ ${minimum}`);
  else if (typeof maximum === "number") out.push(`≤ ${maximum}`);
  if (typeof maxProperties === "number") out.push(`≤ ${maxProperties} keys`);
  if (typeof format === "string") out.push(format);
  if (typeof pattern === "string") out.push(`pattern ${pattern}`);
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    const keys = schema.propertyNames as JsonSchema | undefined;
    const keyLimits = constraintText(keys);
    if (keyLimits.length) out.push(`keys ${keyLimits.join(", ")}`);
    const valueLimits = constraintText(schema.additionalProperties as JsonSchema);
    if (valueLimits.length) out.push(`values ${valueLimits.join(", ")}`);
  }
  return out;
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  constraints: string[];
}

/** The top-level fields of an object schema (following one $ref). */
export function fieldRows(doc: OpenApiDocument, schema: JsonSchema): FieldRow[] {
  const target = resolve(doc, schema);
  const properties = (target.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((target.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, prop]) => ({
    name,
    type: typeText(prop),
    required: required.has(name),
    description: typeof prop.description === "string" ? prop.description : undefined,
    constraints: constraintText(prop),
  }));
}
