import { ApiError } from "./errors";

/**
 * Text PostgreSQL cannot store as given: U+0000 (text and jsonb refuse it) and unpaired UTF-16
 * surrogates (jsonb refuses their escapes; text would silently get U+FFFD instead). Either one
 * anywhere in an input would surface as a database error or altered data, so the first one found
 * (in keys or string values) is answered 400 naming the field. Iterative, so a hostile deeply
 * nested body cannot exhaust the stack.
 */
export function rejectUnstorableText(value: unknown, where: string): void {
  const stack: [unknown, string][] = [[value, where]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node === "string") {
      checkText(node, path);
    } else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        checkText(key, path);
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
}

/** What makes `text` unstorable, as a field message; null when it can be stored as given. */
export function unstorableTextIssue(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain NUL characters";
  if (!text.isWellFormed()) return "must not contain unpaired UTF-16 surrogates";
  return null;
}

function checkText(text: string, path: string): void {
  const issue = unstorableTextIssue(text);
  if (issue) throw unstorable(path, issue);
}

function unstorable(path: string, message: string) {
  const field = path.replace(/^(body|query)\./, "");
  return new ApiError("validation_error", `${field}: ${message}`, [{ field, message }]);
}
