import { surfaceOf, type Operation } from "@/lib/api/operation";

export const MANAGEMENT_BASE = "/management/v1/workspaces/{workspaceId}";

/**
 * Matches a concrete path against an OpenAPI-style template (`/a/{id}/b`), returning the raw
 * (still percent-encoded) parameters, or null. A parameter matches any one non-empty segment.
 */
export function matchTemplate(template: string, pathname: string): Record<string, string> | null {
  const parts = template.split("/");
  const segments = pathname.replace(/\/+$/, "").split("/");
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith("{") && part.endsWith("}")) {
      if (segments[i] === "") return null;
      params[part.slice(1, -1)] = segments[i];
    } else if (part !== segments[i]) return null;
  }
  return params;
}

/** How many literal segments a template has: the more specific route wins, as in Next's router. */
const specificity = (template: string) => template.split("/").filter((part) => !part.startsWith("{")).length;

/**
 * The operations whose template matches `pathname`, most specific first (`/event/batch` before
 * `/event/{eventType}`), each with its parameters.
 */
export function matchOperations(pathname: string, ops: readonly Operation[], base = ""): { op: Operation; params: Record<string, string> }[] {
  const matches: { op: Operation; params: Record<string, string>; rank: number }[] = [];
  for (const op of ops) {
    const template = `${base}${op.path}`;
    const params = matchTemplate(template, pathname);
    if (params) matches.push({ op, params, rank: specificity(template) });
  }
  const best = Math.max(...matches.map((m) => m.rank));
  return matches.filter((m) => m.rank === best).map(({ op, params }) => ({ op, params }));
}

/** A route's methods as an Allow list: sorted, HEAD with GET. */
export function allowList(methods: Iterable<string>): string[] {
  const allowed = new Set(methods);
  if (allowed.has("GET")) allowed.add("HEAD");
  return [...allowed].sort();
}

/** Which methods a concrete path allows; null when no route matches. HEAD comes with GET. */
export function allowedMethodsOf(matches: readonly { op: Operation }[]): string[] | null {
  return matches.length === 0 ? null : allowList(matches.map((m) => m.op.method));
}

/** The Management API's allowed methods for a concrete path, from the operation registry. */
export function allowedMethods(pathname: string, ops: readonly Operation[], base = MANAGEMENT_BASE): string[] | null {
  return allowedMethodsOf(matchOperations(pathname, ops.filter((op) => surfaceOf(op) === "management"), base));
}
