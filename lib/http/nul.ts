import { ApiError } from "./errors";

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL anywhere in a Management API input
 * would surface as a database error. Finds the first one (in keys or string values) and answers
 * 400 naming the field. Iterative, so a hostile deeply nested body cannot exhaust the stack.
 */
export function rejectNul(value: unknown, where: string): void {
  const stack: [unknown, string][] = [[value, where]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node === "string") {
      if (node.includes("\u0000")) throw nulError(path);
    } else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        const childPath = `${path}.${key}`;
        if (key.includes("\u0000")) throw nulError(path);
        stack.push([child, childPath]);
      }
    }
  }
}

function nulError(path: string) {
  const field = path.replace(/^(body|query)\./, "");
  return new ApiError("validation_error", `${field}: must not contain NUL characters`, [{ field, message: "must not contain NUL characters" }]);
}
