import type { z } from "zod";
import { validationError } from "./errors";

/** Next gives path params decoded on some paths and raw on others; decode exactly once. */
export function decodeParams(raw: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const text = Array.isArray(value) ? value.join("/") : value;
    try {
      out[key] = text.includes("%") ? decodeURIComponent(text) : text;
    } catch {
      out[key] = text;
    }
  }
  return out;
}

/** The query string as a plain object; a repeated name keeps its first value. */
export function queryObject(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) out[key] ??= value;
  return out;
}

/** Parses with a zod schema, turning failure into the contract's 400 naming `where`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}
