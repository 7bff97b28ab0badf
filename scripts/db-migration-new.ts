// Writes the next Prisma migration: the SQL that turns the schema as of the last migration
// (snapshotted in that folder as schema.prisma) into prisma/schema.prisma.
// Usage: npm run db:migration:new -- <name>
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { ensureDatabase } from "../lib/db/bootstrap";
import { diffSchemas, listMigrationFolders } from "../lib/db/migrate";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:migration:new -- <name>");
  process.exit(2);
}
const migrationsDir = path.join("prisma", "migrations");
const folders = listMigrationFolders();
const last = folders.at(-1);
const snapshotPath = last ? path.join(migrationsDir, last, "schema.prisma") : null;
if (snapshotPath && !existsSync(snapshotPath)) {
  console.error(`${snapshotPath} is missing: cannot tell what the last migration's schema was`);
  process.exit(1);
}
const current = readFileSync(path.join("prisma", "schema.prisma"), "utf8");
const previous = snapshotPath ? readFileSync(snapshotPath, "utf8") : null;

const db = await ensureDatabase((line) => console.error(line));
const sql = await diffSchemas(db.url, previous, current);
await db.stop();
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.error("schema.prisma matches the last migration: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const folder = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), sql);
writeFileSync(path.join(folder, "schema.prisma"), current);
if (!existsSync(path.join(migrationsDir, "migration_lock.toml"))) {
  writeFileSync(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
}
console.error(`wrote ${folder}/migration.sql`);
process.exit(0);
