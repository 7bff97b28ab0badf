// `prisma generate` does not use the schema engine, but the CLI insists that the binary exists
// and otherwise tries to download it. Point it at any executable so generation works offline.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync("/bin/true") ? "/bin/true" : process.execPath);
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
