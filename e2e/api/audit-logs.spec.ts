import { db, expect, expectError, managementClient, newWorkspace, test } from "../support/fixtures";

interface AuditPage {
  data: { id: string; action: string; actorType: string; resourceType: string; resourceId: string | null; createdAt: string }[];
  total: number;
  page: number;
  pageSize: number;
}

test.describe("audit logs (L1)", () => {
  test("newest first, with the documented fields and page envelope", async ({ ws, mgmt }) => {
    const env = await (await mgmt.post("/environments", { name: "Staging", slug: "staging" })).json();
    await mgmt.patch(`/environments/${env.id}`, { name: "Staging 2" });

    const res = await mgmt.get("/audit-logs");
    expect(res.status()).toBe(200);
    const body = (await res.json()) as AuditPage;
    expect(Object.keys(body).sort()).toEqual(["data", "page", "pageSize", "total"]);
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    expect(body.data.map((r) => r.action)).toEqual(["environment.updated", "environment.created", "workspace.created"]);
    const [updated] = body.data;
    expect(Object.keys(updated).sort()).toEqual(
      ["action", "actorId", "actorLabel", "actorType", "createdAt", "id", "metadata", "resourceId", "resourceType", "visibility"].sort(),
    );
    expect(updated).toMatchObject({ actorType: "management_token", actorLabel: "default", resourceType: "environment", resourceId: env.id, visibility: "workspace" });
    expect(updated.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.data[2]).toMatchObject({ actorType: "cli", resourceId: ws.workspaceId });
  });

  test("pages of 50 with a total", async ({ ws, mgmt }) => {
    const base = Date.now() - 3_600_000;
    await db.auditLog.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        workspaceId: ws.workspaceId, actorType: "system", action: "test.seeded", resourceType: "test", resourceId: `r${i}`, createdAt: new Date(base + i * 1000),
      })),
    });
    const pages: AuditPage[] = [];
    for (const page of [1, 2, 3, 4]) pages.push(await (await mgmt.get(`/audit-logs?page=${page}&action=test.seeded`)).json());
    expect(pages.map((p) => p.data.length)).toEqual([50, 50, 20, 0]);
    expect(pages.every((p) => p.total === 120 && p.pageSize === 50)).toBe(true);
    expect(pages[3].page).toBe(4);
    const ids = pages.flatMap((p) => p.data.map((r) => r.resourceId));
    expect(ids).toEqual(Array.from({ length: 120 }, (_, i) => `r${119 - i}`));
  });

  test("filters: action, resource_type, actor_type, from/to with offsets", async ({ ws, mgmt }) => {
    const at = (iso: string) => new Date(iso);
    await db.auditLog.createMany({
      data: [
        { workspaceId: ws.workspaceId, actorType: "system", action: "endpoint.created", resourceType: "endpoint", resourceId: "ep_1", createdAt: at("2026-03-01T10:00:00Z") },
        { workspaceId: ws.workspaceId, actorType: "management_token", action: "endpoint.deleted", resourceType: "endpoint", resourceId: "ep_1", createdAt: at("2026-03-02T10:00:00Z") },
        { workspaceId: ws.workspaceId, actorType: "portal_session", action: "endpoint.created", resourceType: "endpoint", resourceId: "ep_2", createdAt: at("2026-03-03T10:00:00Z") },
      ],
    });
    const ids = async (query: string) => ((await (await mgmt.get(`/audit-logs?${query}`)).json()) as AuditPage).data.map((r) => `${r.action}:${r.resourceId}`);

    expect(await ids("action=endpoint.created")).toEqual(["endpoint.created:ep_2", "endpoint.created:ep_1"]);
    expect(await ids("resource_type=endpoint&actor_type=management_token")).toEqual(["endpoint.deleted:ep_1"]);
    expect(await ids("resource_type=workspace")).toEqual([`workspace.created:${ws.workspaceId}`]);
    expect(await ids("action=nothing.happened")).toEqual([]);
    // Inclusive bounds, and offsets are honoured: 12:00+02:00 is 10:00Z.
    expect(await ids(`from=${encodeURIComponent("2026-03-02T12:00:00+02:00")}&to=2026-03-03T10:00:00Z&resource_type=endpoint`)).toEqual([
      "endpoint.created:ep_2",
      "endpoint.deleted:ep_1",
    ]);
    expect(await ids("to=2026-03-01T10:00:00.000Z&resource_type=endpoint")).toEqual(["endpoint.created:ep_1"]);
  });

  test("invalid query parameters are 400 validation_error naming the field", async ({ mgmt }) => {
    const cases: [string, string][] = [
      ["page=0", "page"],
      ["page=-1", "page"],
      ["page=abc", "page"],
      ["page=1.5", "page"],
      ["from=yesterday", "from"],
      ["from=2026-03-01", "from"],
      ["from=2026-03-01T10:00:00", "from"],
      ["to=2026-13-01T10:00:00Z", "to"],
      ["from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from"],
      ["action=", "action"],
      [`action=${"a".repeat(101)}`, "action"],
      ["actor_type=%00", "actor_type"],
    ];
    for (const [query, field] of cases) {
      const error = await expectError(await mgmt.get(`/audit-logs?${query}`), 400, "validation_error");
      expect(error.message, query).toContain(field);
    }
  });

  test("tenant isolation and auth", async ({ request, ws, mgmt }) => {
    const other = managementClient(request, await newWorkspace("free"));
    await other.post("/environments", { name: "Theirs", slug: "theirs" });
    const mine = (await (await mgmt.get("/audit-logs")).json()) as AuditPage;
    expect(mine.total).toBe(1);
    expect(mine.data.every((r) => r.resourceType !== "environment")).toBe(true);
    const theirs = (await (await other.get("/audit-logs")).json()) as AuditPage;
    expect(theirs.data.map((r) => r.action)).toEqual(["environment.created", "workspace.created"]);

    const path = `/management/v1/workspaces/${ws.workspaceId}/audit-logs`;
    await expectError(await request.get(path), 401, "unauthorized");
    await expectError(await request.get(path, { headers: { authorization: "Bearer nhm_nope" } }), 401, "unauthorized");
  });
});
