import type { PortalRole } from "@/lib/db/client";

/**
 * The portal's permissions, as data (spec §7.3). The UI asks `can()` to decide what to show and
 * every portal route asks `requirePortal(scope)` to decide what to allow — the same table.
 *
 * Extensions beyond the spec's table (documented in the README):
 * - `deliveries:retry` — manually retry a failed or dead-lettered delivery (editor, admin).
 */
export const ROLE_SCOPES = {
  admin: [
    "endpoints:read", "endpoints:write", "endpoints:delete",
    "subscriptions:read", "subscriptions:write",
    "event_types:read",
    "deliveries:read", "deliveries:retry",
  ],
  editor: [
    "endpoints:read", "endpoints:write",
    "subscriptions:read", "subscriptions:write",
    "event_types:read",
    "deliveries:read", "deliveries:retry",
  ],
  viewer: ["endpoints:read", "subscriptions:read", "event_types:read", "deliveries:read"],
} as const satisfies Record<PortalRole, readonly string[]>;

export type PortalScope = (typeof ROLE_SCOPES)["admin"][number];

export const ALL_SCOPES: readonly PortalScope[] = ROLE_SCOPES.admin;

export function can(role: PortalRole, scope: PortalScope): boolean {
  return (ROLE_SCOPES[role] as readonly PortalScope[]).includes(scope);
}

/** What each scope lets the customer do, in the words the UI uses. */
export const SCOPE_LABELS: Record<PortalScope, string> = {
  "endpoints:read": "View endpoints and their configuration",
  "endpoints:write": "Create, edit, enable/disable endpoints, rotate secrets, send test events",
  "endpoints:delete": "Delete endpoints",
  "subscriptions:read": "View subscriptions",
  "subscriptions:write": "Subscribe and unsubscribe endpoints",
  "event_types:read": "View the event catalog",
  "deliveries:read": "View delivery history and attempts",
  "deliveries:retry": "Retry failed deliveries",
};
