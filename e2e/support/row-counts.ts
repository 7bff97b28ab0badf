import { db } from "@/lib/db/client";

/** Tables that belong to no workspace; other specs running in parallel may change them. */
export const GLOBAL_TABLES = ["_prisma_migrations", "system_settings", "rate_limit_windows", "delivery_workers"];

interface Plan {
  table: string;
  sql: string;
}

let plans: Promise<Plan[]> | undefined;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * How to count, for every table of the schema, the rows that belong to some workspaces: directly
 * by "workspaceId", or through the first foreign key to a table that has one. Built from the
 * catalog, so a table added later is counted without touching this file; a table that cannot be
 * tied to a workspace and is not in GLOBAL_TABLES makes the caller fail.
 */
function countPlans(): Promise<Plan[]> {
  plans ??= (async () => {
    const columns = await db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const fks = await db.$queryRawUnsafe<{ child: string; child_column: string; parent: string; parent_column: string }[]>(`
      SELECT c.relname AS child, ca.attname AS child_column, p.relname AS parent, pa.attname AS parent_column
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[1]
      JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND n.nspname = 'public' AND array_length(k.conkey, 1) = 1
      ORDER BY c.relname, k.conname`);
    const tables = [...new Set(columns.map((c) => c.table_name))].sort();
    const hasWorkspace = new Set(columns.filter((c) => c.column_name === "workspaceId").map((c) => c.table_name));
    const out: Plan[] = [];
    for (const table of tables) {
      if (GLOBAL_TABLES.includes(table)) continue;
      if (table === "workspaces") {
        out.push({ table, sql: `SELECT count(*)::int AS n FROM workspaces WHERE id = ANY($1)` });
      } else if (hasWorkspace.has(table)) {
        out.push({ table, sql: `SELECT count(*)::int AS n FROM ${q(table)} WHERE "workspaceId" = ANY($1)` });
      } else {
        const fk = fks.find((f) => f.child === table && hasWorkspace.has(f.parent));
        if (!fk) throw new Error(`row-counts: table ${table} has no path to a workspace; add it to GLOBAL_TABLES if it is global`);
        out.push({
          table,
          sql: `SELECT count(*)::int AS n FROM ${q(table)} t JOIN ${q(fk.parent)} p ON t.${q(fk.child_column)} = p.${q(fk.parent_column)} WHERE p."workspaceId" = ANY($1)`,
        });
      }
    }
    return out;
  })();
  return plans;
}

/** Row counts of every workspace-owned table, restricted to the given workspaces. */
export async function rowCounts(workspaceIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const plan of await countPlans()) {
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(plan.sql, workspaceIds);
    out[plan.table] = row.n;
  }
  return out;
}
