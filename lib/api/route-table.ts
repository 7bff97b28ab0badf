import { operations } from "./management";
import type { Operation } from "./operation";

export const MANAGEMENT_BASE = "/management/v1/workspaces/{workspaceId}";

/** Operation paths are relative to the Management API base unless they are absolute API paths. */
export function fullPath(op: Pick<Operation, "path">): string {
  return op.path.startsWith("/management/") || op.path.startsWith("/api/") ? op.path : MANAGEMENT_BASE + op.path;
}

interface Route {
  segments: (string | null)[]; // null = a {param}
  methods: Set<string>;
}

let table: Route[] | undefined;

function routes(): Route[] {
  if (table) return table;
  const byTemplate = new Map<string, Route>();
  for (const op of operations) {
    const template = fullPath(op);
    let route = byTemplate.get(template);
    if (!route) {
      route = { segments: template.split("/").slice(1).map((s) => (s.startsWith("{") ? null : s)), methods: new Set() };
      byTemplate.set(template, route);
    }
    route.methods.add(op.method);
  }
  table = [...byTemplate.values(), { segments: ["management", "v1", "openapi.json"], methods: new Set(["GET"]) }];
  return table;
}

/**
 * The methods the registry declares for a concrete path (raw, percent-encoded), or null when no
 * operation's template matches it. A {param} matches any one non-empty segment.
 */
export function allowedMethods(pathname: string): string[] | null {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  const methods = new Set<string>();
  let matched = false;
  for (const route of routes()) {
    if (route.segments.length !== parts.length) continue;
    if (route.segments.every((segment, i) => (segment === null ? parts[i] !== "" : segment === parts[i]))) {
      matched = true;
      for (const m of route.methods) methods.add(m);
    }
  }
  return matched ? [...methods].sort() : null;
}
