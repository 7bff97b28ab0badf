import { check } from "recheck";
import { ApiError } from "@/lib/http/errors";

/**
 * Event type schemas run on every ingested event of their type, on the web process's one
 * thread. A `pattern` with catastrophic backtracking (`^(a+)+$`, `(a|a)*b`, `\d+\d+$`) turns one
 * crafted payload string into seconds or hours of CPU for every tenant of that process, so
 * patterns are checked for ReDoS when a schema is written: exponential and polynomial ones are a
 * 400 naming where they are. recheck analyses in its own process (its native agent; a worker
 * thread where that is missing), so a check never blocks the event loop; a pattern it cannot
 * clear within the time limit is refused too (safe by default).
 */

export const PATTERN_LIMITS = { patterns: 50, length: 1_000, checkMs: 2_000 } as const;

export interface SchemaPattern {
  /** Dotted path of the pattern inside the body (schema.properties.sku.pattern). */
  field: string;
  source: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every regular expression Ajv would compile: `pattern` values and `patternProperties` keys. */
export function schemaPatterns(schema: unknown, root = "schema"): SchemaPattern[] {
  const found: SchemaPattern[] = [];
  // Iterative (schemas are bounded in size, not in depth); children are pushed in reverse so
  // the patterns come out in document order.
  const stack: { node: unknown; path: string }[] = [{ node: schema, path: root }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const children: { node: unknown; path: string }[] = [];
    if (Array.isArray(node)) node.forEach((child, i) => children.push({ node: child, path: `${path}.${i}` }));
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "pattern" && typeof value === "string") found.push({ field: `${path}.pattern`, source: value });
        if (key === "patternProperties" && isObject(value)) {
          for (const source of Object.keys(value)) found.push({ field: `${path}.patternProperties.${source}`, source });
        }
        // `enum`, `const`, `examples` and `default` hold data, not schemas: a "pattern" key inside is just a value.
        if (!DATA_KEYWORDS.has(key)) children.push({ node: value, path: `${path}.${key}` });
      }
    }
    stack.push(...children.reverse());
  }
  return found;
}

const DATA_KEYWORDS = new Set(["enum", "const", "examples", "default"]);

const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 1_000;

/** Why a pattern is refused, or null when it is safe. Results are remembered per pattern. */
async function verdictFor(source: string): Promise<string | null> {
  const known = verdicts.get(source);
  if (known !== undefined) return known;
  // Ajv compiles patterns with the "u" flag: analyse exactly what it will run.
  const result = await check(source, "u", { timeout: PATTERN_LIMITS.checkMs });
  let verdict: string | null = null;
  if (result.status === "vulnerable") {
    const kind = result.complexity.type === "exponential" ? "exponential" : "polynomial";
    verdict = `can take ${kind} time on some inputs (catastrophic backtracking); avoid nested or overlapping repetition such as (a+)+ or \\d+\\d+`;
  } else if (result.status === "unknown") {
    // An invalid pattern is Ajv's to explain; anything else could not be cleared in time.
    if (result.error.kind === "invalid") return null;
    verdict = "could not be shown free of catastrophic backtracking; simplify it";
  }
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(source, verdict);
  return verdict;
}

/** Throws 400 validation_error naming the first pattern that could make validation hang. */
export async function assertSafePatterns(schema: unknown, root = "schema"): Promise<void> {
  const patterns = schemaPatterns(schema, root);
  if (patterns.length > PATTERN_LIMITS.patterns) {
    const message = `must contain at most ${PATTERN_LIMITS.patterns} regular expressions (pattern, patternProperties)`;
    throw new ApiError("validation_error", `${root}: ${message}`, [{ field: root, message }]);
  }
  for (const { field, source } of patterns) {
    const reason = source.length > PATTERN_LIMITS.length ? `must be at most ${PATTERN_LIMITS.length} characters` : await verdictFor(source);
    if (reason) throw new ApiError("validation_error", `${field}: ${reason}`, [{ field, message: reason }]);
  }
}
