import { db, expect, expectError, managementClient, test } from "../support/fixtures";
import { cliJson, runCli } from "../support/cli";

interface CreatedWorkspace {
  workspaceId: string;
  environmentId: string;
  managementToken: string;
  ingestionKey: string;
}

// Each CLI run boots tsx and the Prisma client: seconds apiece on a busy machine.
test.describe.configure({ timeout: 180_000 });

test.describe("operator CLI", () => {
  test("workspace create, list, set-plan; the printed token works against the API", async ({ request }) => {
    const name = `CLI ${Date.now()}`;
    const created = await runCli(["workspace", "create", "--name", name, "--plan", "pro"]);
    expect(created.code).toBe(0);
    const ws = JSON.parse(created.stdout) as CreatedWorkspace;
    expect(ws.workspaceId).toMatch(/^ws_/);
    expect(ws.environmentId).toMatch(/^env_/);
    expect(ws.managementToken).toMatch(/^nhm_[0-9a-f]{64}$/);
    expect(ws.ingestionKey).toMatch(/^nhk_us_[0-9a-f]{64}$/);
    expect(created.stderr).not.toContain(ws.managementToken);

    const mgmt = managementClient(request, ws);
    expect(await (await mgmt.get("/environments")).json()).toEqual([expect.objectContaining({ id: ws.environmentId, slug: "production", isDefault: true })]);
    expect((await mgmt.get("/applications")).status()).toBe(200);

    const list = await cliJson<{ id: string; name: string; plan: string; environments: number }[]>(["workspace", "list"]);
    expect(list.find((w) => w.id === ws.workspaceId)).toMatchObject({ name, plan: "pro", environments: 1 });

    expect(await cliJson(["workspace", "set-plan", "--workspace", ws.workspaceId, "--plan", "free"])).toEqual({ id: ws.workspaceId, name, plan: "free" });
    await expectError(await mgmt.get("/applications"), 403, "plan_required");
    const audit = await (await mgmt.get("/audit-logs?resource_type=workspace")).json();
    expect(audit.data.map((r: { action: string; actorType: string }) => `${r.actorType}:${r.action}`)).toEqual(["cli:workspace.plan_changed", "cli:workspace.created"]);
  });

  test("token create, list, disable: a disabled token gets 403 token_disabled", async ({ request }) => {
    const ws = await cliJson<CreatedWorkspace>(["workspace", "create", "--name", "Tokens"]);
    const token = await cliJson<{ id: string; name: string; token: string; expiresAt: string | null }>(["token", "create", "--workspace", ws.workspaceId, "--name", "ci", "--expires-in-days", "30"]);
    expect(token).toMatchObject({ id: expect.stringMatching(/^tok_/), name: "ci", token: expect.stringMatching(/^nhm_/) });
    const expires = Date.parse(token.expiresAt!) - Date.now();
    expect(expires).toBeGreaterThan(29 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(30 * 86_400_000);

    const second = managementClient(request, { ...ws, managementToken: token.token });
    expect((await second.get("/environments")).status()).toBe(200);

    const listed = await runCli(["token", "list", "--workspace", ws.workspaceId]);
    expect(listed.code).toBe(0);
    const tokens = JSON.parse(listed.stdout) as { id: string; name: string; prefix: string; disabled: boolean; lastUsedAt: string | null }[];
    expect(tokens.map((t) => t.name)).toEqual(["default", "ci"]);
    expect(tokens[1]).toMatchObject({ id: token.id, prefix: `${token.token.slice(0, 8)}…`, disabled: false });
    expect(listed.stdout).not.toContain(token.token);
    expect(listed.stdout).not.toContain(ws.managementToken);

    expect(await cliJson(["token", "disable", "--id", token.id])).toEqual({ id: token.id, disabled: true });
    await expectError(await second.get("/environments"), 403, "token_disabled");
    expect((await managementClient(request, ws).get("/environments")).status()).toBe(200);
    const after = await cliJson<{ id: string; disabled: boolean }[]>(["token", "list", "--workspace", ws.workspaceId]);
    expect(after.find((t) => t.id === token.id)?.disabled).toBe(true);
  });

  test("key create (per environment), list, disable", async ({ request }) => {
    const ws = await cliJson<CreatedWorkspace>(["workspace", "create", "--name", "Keys", "--plan", "enterprise"]);
    const staging = await (await managementClient(request, ws).post("/environments", { name: "Staging", slug: "staging" })).json();
    const key = await cliJson<{ id: string; environmentId: string; key: string }>(["key", "create", "--workspace", ws.workspaceId, "--environment", staging.id, "--name", "staging"]);
    expect(key).toMatchObject({ id: expect.stringMatching(/^key_/), environmentId: staging.id, key: expect.stringMatching(/^nhk_us_[0-9a-f]{64}$/) });
    const defaultKey = await cliJson<{ environmentId: string }>(["key", "create", "--workspace", ws.workspaceId]);
    expect(defaultKey.environmentId).toBe(ws.environmentId);

    const listed = await runCli(["key", "list", "--workspace", ws.workspaceId]);
    const keys = JSON.parse(listed.stdout) as { id: string; environmentId: string; prefix: string; disabled: boolean }[];
    expect(keys).toHaveLength(3);
    expect(keys.find((k) => k.id === key.id)).toMatchObject({ environmentId: staging.id, prefix: `${key.key.slice(0, 11)}…`, disabled: false });
    expect(listed.stdout).not.toContain(key.key);
    expect(listed.stdout).not.toContain(ws.ingestionKey);

    expect(await cliJson(["key", "disable", "--id", key.id])).toEqual({ id: key.id, disabled: true });
    expect((await db.ingestionKey.findUniqueOrThrow({ where: { id: key.id } })).disabledAt).not.toBeNull();
  });

  test("bad arguments: errors on stderr, nothing on stdout, non-zero exit", async () => {
    const cases: [string[], RegExp][] = [
      [["workspace", "create", "--name", "x", "--plan", "platinum"], /plan must be free, pro or enterprise/],
      [["workspace", "create"], /--name is required/],
      [["workspace", "set-plan", "--workspace", "ws_does_not_exist", "--plan", "pro"], /not found/],
      [["token", "create", "--workspace", "ws_x", "--expires-in-days", "soon"], /number|integer/i],
      [["token", "disable", "--id", "tok_does_not_exist"], /not found/],
      [["key", "create", "--workspace", "ws_does_not_exist"], /not found|No Environment found/i],
      [["token", "list"], /--workspace is required/],
      [["frobnicate"], /unknown command[\s\S]*usage/],
      [["workspace", "create", "--bogus-flag"], /Unknown option|bogus/i],
    ];
    // A few CLI processes at a time: each one boots tsx and Prisma.
    const results: Awaited<ReturnType<typeof runCli>>[] = [];
    for (let i = 0; i < cases.length; i += 4) results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => runCli(args)))));
    results.forEach((result, i) => {
      const [args, message] = cases[i];
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr, args.join(" ")).toMatch(message);
    });
  });
});
