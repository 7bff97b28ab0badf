import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pgCtlPath, postgresUser, processAlive, runningPostmaster } from "../../lib/db/embedded";
import { freePort } from "../../scripts/lib/free-port";
import { waitUntil } from "./delivery";

/**
 * The whole product as an operator runs it — `npm start` (scripts/start.ts) with its own
 * embedded PostgreSQL in a temporary folder — for specs that break the database underneath it.
 * It never touches the suite's shared server or database.
 */
export async function startProduct(env: Record<string, string> = {}, { viaNpm = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nahook-product-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NAHOOK_DATA_DIR: dir,
    PORT: String(port),
    HOST: "127.0.0.1",
    NAHOOK_SKIP_BUILD: "1",
    NAHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    NAHOOK_RETENTION: "off",
    ...env,
  };
  delete childEnv.DATABASE_URL;
  // node --import tsx (not npx): SIGTERM must reach start.ts itself. `viaNpm`: the README's
  // command, as a process manager runs it, for the spec that signals npm itself.
  const command = viaNpm ? ["npm", ["start"]] as const : [process.execPath, ["--import", "tsx", "scripts/start.ts"]] as const;
  const child: ChildProcess = spawn(command[0], command[1], { env: childEnv, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const pgDir = path.join(dir, "db", "pg");

  const product = {
    baseUrl,
    dir,
    pgDir,
    exited,
    log: () => log,
    databaseUrl(): string {
      const { port: pgPort } = JSON.parse(readFileSync(path.join(dir, "db", "server.json"), "utf8")) as { port: number };
      return `postgresql://nahook:nahook@127.0.0.1:${pgPort}/nahook`;
    },
    async ready(timeoutMs = 120_000) {
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}: ${log.slice(-2000)}`);
        return (await fetch(`${baseUrl}/readyz`).then((r) => r.status).catch(() => 0)) === 200;
      }, timeoutMs, "the product to be ready");
    },
    /** The running postmaster of this product's folder (never a stale pid that another process took). */
    postmasterPid(): number | null {
      return runningPostmaster(pgDir);
    },
    /** `pg_ctl restart -m immediate`: a crash-like stop and a start, as an operator might do. */
    async restartDatabaseImmediately() {
      // Asynchronous, so the spec keeps sending while the database is away. -l: the new
      // postmaster must not inherit (and hold open) our pipes.
      const ctl = spawn(pgCtlPath(), ["restart", "-D", pgDir, "-m", "immediate", "-w", "-t", "60", "-l", path.join(pgDir, "restart.log")], { stdio: "ignore", ...(postgresUser() ?? {}) });
      const code = await new Promise<number | null>((resolve) => ctl.on("exit", (c) => resolve(c)));
      if (code !== 0) throw new Error(`pg_ctl restart exited ${code}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 60_000))]);
      return code;
    },
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      const pid = product.postmasterPid();
      if (pid) {
        try {
          process.kill(pid, "SIGQUIT");
        } catch {
          /* already gone */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return product;
}

export type Product = Awaited<ReturnType<typeof startProduct>>;

export { processAlive };
