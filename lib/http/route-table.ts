import type { Operation } from "@/lib/api/operation";

export const MANAGEMENT_BASE = "/management/v1/workspaces/{workspaceId}";

/** Which methods a concrete path allows, from the operation registry; null when no route matches. */
export function allowedMethods(pathname: string, ops: Operation[], base = MANAGEMENT_BASE): string[] | null {
  const segments = pathname.replace(/\/+$/, "").split("/");
  const methods = new Set<string>();
  for (const op of ops) {
    if (op.path.startsWith("/api/")) continue; // ingestion operations have absolute paths, outside this base
    const template = `${base}${op.path}`.split("/");
    if (template.length !== segments.length) continue;
    // A literal segment beats a parameter (e.g. /event/batch vs /event/{eventType}) in Next's router
    // too, so a plain per-segment match is enough to know the route exists.
    if (template.every((part, i) => (part.startsWith("{") ? segments[i] !== "" : part === segments[i]))) methods.add(op.method);
  }
  if (methods.size === 0) return null;
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}
