/**
 * How deeply a JSON text nests, found by a single pass over its characters (iterative: a hostile
 * text cannot exhaust the stack the way a recursive walk, JSON.stringify or a validator can).
 * Stops as soon as `limit` is exceeded, so the cost is bounded by the text's length.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/**
 * Deepest nesting accepted in any JSON request body (the body's own object is level 1). Real
 * payloads rarely pass 10; the cap keeps every later step (validation, storage, signing,
 * rendering) far from recursion limits.
 */
export const MAX_JSON_DEPTH = 64;
