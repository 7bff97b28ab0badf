import { db, expect, managementClient, newWorkspace, test } from "../support/fixtures";
import { cliJson, runCli } from "../support/cli";

// Each CLI run boots tsx and the Prisma client: seconds apiece on a busy machine.
test.describe.configure({ timeout: 180_000 });

test("CLI portal-settings: set origins and branding, read them back, same validation and plan gate as the API", async ({ request }) => {
  const ws = await newWorkspace("free");
  const set = await cliJson<{ embedding: { allowedOrigins: string[] }; branding: Record<string, unknown> }>([
    "portal-settings", "set", "--workspace", ws.workspaceId,
    "--allowed-origins", "https://App.example.com/, http://localhost:5173", "--primary-color", "#F60", "--color-scheme", "dark", "--display-name", "Globex",
  ]);
  expect(set.embedding.allowedOrigins).toEqual(["https://app.example.com", "http://localhost:5173"]);
  expect(set.branding).toMatchObject({ primaryColor: "#ff6600", colorScheme: "dark", displayName: "Globex", buttonTextColor: "#000000" });

  // The API sees the same settings; "" clears a field.
  const api = await (await managementClient(request, ws).get("/portal-settings")).json();
  expect(api.embedding.allowedOrigins).toEqual(set.embedding.allowedOrigins);
  const cleared = await cliJson<{ branding: { displayName: string | null } }>(["portal-settings", "set", "--workspace", ws.workspaceId, "--display-name", ""]);
  expect(cleared.branding.displayName).toBeNull();
  expect(await cliJson(["portal-settings", "get", "--workspace", ws.workspaceId])).toMatchObject({ embedding: { allowedOrigins: set.embedding.allowedOrigins } });

  const invalid = await runCli(["portal-settings", "set", "--workspace", ws.workspaceId, "--primary-color", "red", "--allowed-origins", "http://app.example.com"]);
  expect(invalid.code).toBe(1);
  expect(invalid.stderr).toContain("branding.primaryColor: must be a hex colour");
  expect(invalid.stderr).toContain("embedding.allowedOrigins.0: must use https");

  const gated = await runCli(["portal-settings", "set", "--workspace", ws.workspaceId, "--hide-footer", "true"]);
  expect(gated.code).toBe(1);
  expect(gated.stderr).toContain("requires the pro or enterprise plan");
  expect((await db.portalSettings.findUniqueOrThrow({ where: { workspaceId: ws.workspaceId } })).hideFooter).toBe(false);
  expect(await db.auditLog.count({ where: { workspaceId: ws.workspaceId, action: "portal_settings.updated", actorType: "cli" } })).toBe(2);
});
