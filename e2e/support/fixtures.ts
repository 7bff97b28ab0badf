import { decryptCredential, decryptNullable } from "@/lib/crypto/keyring";
import { test as base, expect, type APIRequestContext } from "@playwright/test";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { db } from "@/lib/db/client";

export { expect, db };

/**
 * An endpoint row with its credentials decrypted: compare these, not the stored values, which
 * the rotation spec may re-encrypt (same plaintext, new ciphertext) while other specs run.
 */
export function plainCredentials<T extends { secret: string; previousSecret: string | null; authPassword: string | null }>(row: T): T {
  return { ...row, secret: decryptCredential(row.secret), previousSecret: decryptNullable(row.previousSecret), authPassword: decryptNullable(row.authPassword) };
}

export interface Workspace {
  workspaceId: string;
  environmentId: string;
  managementToken: string;
  ingestionKey: string;
}

/** A management API client bound to one workspace: `mgmt.post("/applications", {...})`. */
export function managementClient(request: APIRequestContext, ws: Workspace) {
  const base = `/management/v1/workspaces/${ws.workspaceId}`;
  const headers = { authorization: `Bearer ${ws.managementToken}` };
  return {
    base,
    get: (path: string) => request.get(base + path, { headers }),
    delete: (path: string) => request.delete(base + path, { headers }),
    post: (path: string, data?: unknown) => request.post(base + path, { headers, data: data ?? {} }),
    patch: (path: string, data: unknown) => request.patch(base + path, { headers, data }),
    put: (path: string, data: unknown) => request.put(base + path, { headers, data }),
  };
}

export type ManagementClient = ReturnType<typeof managementClient>;

export function newWorkspace(plan: "free" | "pro" | "enterprise" = "pro", name = `Test ${Math.random().toString(36).slice(2)}`) {
  return createWorkspace({ name, plan });
}

/** Every error answer must be the contract's envelope. */
export async function expectError(response: { status(): number; json(): Promise<unknown> }, status: number, code?: string) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe("string");
  expect(typeof body.error?.message).toBe("string");
  if (code) expect(body.error?.code).toBe(code);
  return body.error as { code: string; message: string };
}

export const test = base.extend<{ ws: Workspace; mgmt: ManagementClient }>({
  ws: async ({}, use) => use(await newWorkspace("pro")),
  mgmt: async ({ request, ws }, use) => use(managementClient(request, ws)),
});
