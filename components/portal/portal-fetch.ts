"use client";

export interface PortalError {
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}

export type PortalResult<T> = { ok: true; data: T } | { ok: false; status: number; error: PortalError };

/** Calls a portal route handler; every failure comes back as the API's error envelope. */
export async function portalFetch<T = unknown>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown): Promise<PortalResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, error: { code: "network_error", message: "Could not reach the server. Check your connection and try again." } };
  }
  if (response.status === 204) return { ok: true, data: undefined as T };
  const json = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: json as T };
  const error = (json as { error?: PortalError } | null)?.error;
  if (response.status === 401) {
    window.location.assign("/portal/ended");
  }
  return { ok: false, status: response.status, error: error ?? { code: "server_error", message: "Something went wrong. Please try again." } };
}
