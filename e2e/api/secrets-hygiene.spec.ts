import { createHash } from "node:crypto";
import { db, expect, newWorkspace, test } from "../support/fixtures";
import { runCli } from "../support/cli";
import { createIngestionKey, createManagementToken } from "@/lib/workspaces/workspaces";

/**
 * Bearer secrets are shown once and then exist only as hashes: never in list output, never in
 * API responses, never anywhere in the database (every text-like column of every table is searched).
 */

/** Tables in which any text-like column contains any of the needles. */
async function tablesContaining(needles: string[]): Promise<string[]> {
  const columns = await db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'USER-DEFINED', 'ARRAY')`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  const hits: string[] = [];
  for (const [table, cols] of byTable) {
    const text = `concat_ws(' ', ${cols.map((c) => `"${c}"::text`).join(", ")})`;
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE position(s in ${text}) > 0)`,
      needles,
    );
    if (row.n > 0) hits.push(table);
  }
  return hits;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

test.describe("secrets hygiene", () => {
  test("management tokens and ingestion keys are stored only as SHA-256 hashes", async () => {
    const ws = await newWorkspace("free");
    const extra = await createManagementToken({ workspaceId: ws.workspaceId, name: "extra" });
    const key = await createIngestionKey({ workspaceId: ws.workspaceId, name: "extra" });

    const secrets = [ws.managementToken, extra.token, ws.ingestionKey, key.key];
    // Neither the secrets nor their random parts alone are anywhere in the database.
    expect(await tablesContaining([...secrets, ...secrets.map((x) => x.slice(12))])).toEqual([]);
    // The scan does find what is there: the hashes.
    expect(await tablesContaining([sha256(ws.managementToken)])).toEqual(["management_tokens"]);
    const tokens = await db.managementToken.findMany({ where: { workspaceId: ws.workspaceId }, orderBy: { createdAt: "asc" } });
    expect(tokens.map((t) => t.tokenHash)).toEqual([sha256(ws.managementToken), sha256(extra.token)]);
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.tokenHash) && t.prefix.length <= 9)).toBe(true);
    const keys = await db.ingestionKey.findMany({ where: { workspaceId: ws.workspaceId }, orderBy: { createdAt: "asc" } });
    expect(keys.map((k) => k.keyHash)).toEqual([sha256(ws.ingestionKey), sha256(key.key)]);
    expect(keys.map((k) => k.prefix)).toEqual([`${ws.ingestionKey.slice(0, 11)}…`, `${key.key.slice(0, 11)}…`]);
  });

  test("CLI list output shows prefixes only", async () => {
    test.setTimeout(180_000);
    const ws = await newWorkspace("free");
    const outputs = await Promise.all([
      runCli(["token", "list", "--workspace", ws.workspaceId]),
      runCli(["key", "list", "--workspace", ws.workspaceId]),
      runCli(["workspace", "list"]),
    ]);
    for (const { code, stdout, stderr } of outputs) {
      expect(code).toBe(0);
      for (const secret of [ws.managementToken, ws.ingestionKey]) {
        expect(stdout).not.toContain(secret);
        expect(stdout).not.toContain(secret.slice(12, 40));
        expect(stderr).not.toContain(secret);
      }
    }
    expect(outputs[0].stdout).toContain(`"prefix": "${ws.managementToken.slice(0, 8)}…"`);
    expect(outputs[1].stdout).toContain(`"prefix": "${ws.ingestionKey.slice(0, 11)}…"`);
  });

  test("Management API responses never carry credentials", async ({ request, ws, mgmt }) => {
    const extra = await createManagementToken({ workspaceId: ws.workspaceId, name: "ci" });
    const key = await createIngestionKey({ workspaceId: ws.workspaceId, name: "ci" });
    const env = await (await mgmt.post("/environments", { name: "Staging", slug: "staging" })).json();
    await mgmt.post("/applications", { name: "Acme" });
    const bodies: string[] = [];
    for (const path of ["/environments", `/environments/${env.id}`, `/environments/${env.id}/event-types`, "/applications", "/audit-logs", "/audit-logs?resource_type=management_token"]) {
      const res = await mgmt.get(path);
      expect(res.status(), path).toBe(200);
      bodies.push(await res.text());
    }
    bodies.push(await (await request.get("/management/v1/openapi.json")).text());
    for (const body of bodies) {
      for (const secret of [ws.managementToken, ws.ingestionKey, extra.token, key.key]) {
        expect(body).not.toContain(secret);
        expect(body).not.toContain(secret.slice(12, 40));
      }
      expect(body).not.toMatch(/nhm_[0-9a-f]{16,}|nhk_[a-z]{2}_[0-9a-f]{16,}/);
    }
    // The audit trail names the credential by id and label, not by value.
    const audit = JSON.parse(bodies[4]) as { data: { action: string; actorId: string; actorLabel: string }[] };
    expect(audit.data.find((r) => r.action === "environment.created")).toMatchObject({ actorId: expect.stringMatching(/^tok_/), actorLabel: "default" });
  });
});
