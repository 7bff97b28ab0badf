import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

/**
 * Prisma migrations applied through Prisma's schema engine compiled to WebAssembly: the native
 * engine binary cannot be downloaded on our machines. The result is identical to
 * `prisma migrate deploy` (same folders, same `_prisma_migrations` bookkeeping).
 */

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");
const FILTERS = { externalTables: [], externalEnums: [] };

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

let wasmReady = false;

async function loadEngineModule() {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const pkgDir = path.dirname(bgPath);
  const bg = await import(pathToFileURL(bgPath).href);
  if (!wasmReady) {
    // Node 20 cannot import the package's .wasm through ESM, so instantiate it by hand.
    const module = new WebAssembly.Module(readFileSync(path.join(pkgDir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    wasmReady = true;
  }
  return bg as { SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: unknown) => Promise<Engine> } };
}

async function withEngine<T>(databaseUrl: string, datamodels: [string, string][], fn: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  // Our own pool, ended afterwards: freeing the engine does not close the adapter's connections,
  // and one left idle fails loudly ("terminating connection") when its server stops later.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", () => {});
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool) as never);
  const engine = await SchemaEngine.new({ datamodels }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await pool.end().catch(() => {});
  }
}

export function listMigrationFolders(): string[] {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(MIGRATIONS_DIR, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Migration folders the database has not finished applying, read from the bookkeeping table
 * (cheap: no migration engine). A database that cannot be read counts as all pending.
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    const applied = new Set(rows.map((r) => r.name));
    return listMigrationFolders().filter((name) => !applied.has(name));
  } catch {
    return listMigrationFolders();
  } finally {
    await client.end().catch(() => {});
  }
}

function migrationsList() {
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationFolders().map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** Applies every pending migration folder; returns the names it applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  return withEngine(databaseUrl, [[SCHEMA_PATH, schema]], async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: migrationsList(), filters: FILTERS });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that turns the schema `from` (null = empty database) into `to`. Used to write the next
 * migration: the engine's createMigration needs a shadow database it cannot make here.
 */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string): Promise<string> {
  return withEngine(databaseUrl, [[SCHEMA_PATH, to]], async (engine) => {
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: to }] },
      script: true,
      exitCode: null,
      filters: FILTERS,
    });
    return result.stdout ?? "";
  });
}
