import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where unit tests live: next to the modules they check. */
const ROOTS = ["lib", "components"];
const SKIP = new Set(["node_modules", "generated", "fixtures"]);
const TEST_FILE = /\.test\.tsx?$/;

/** Every `*.test.ts(x)` under lib/ and components/, sorted, relative to `cwd`. */
export function unitTestFiles(cwd = process.cwd()): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(cwd, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(relative);
      } else if (TEST_FILE.test(entry.name)) found.push(relative);
    }
  };
  for (const root of ROOTS) if (existsSync(path.join(cwd, root))) walk(root);
  return found.sort();
}

/**
 * Runs the unit tests with node's test runner (`node --import tsx --test <files>`; Node 20's
 * `--test` takes no globs, so the files are listed here; tsx resolves the `@/…` alias).
 * No server, no database, default configuration: DATABASE_URL and every NAHOOK_* variable are
 * removed from their environment, so a test that reaches for PostgreSQL fails loudly and a
 * developer's shell settings (NAHOOK_ALLOW_PRIVATE_NETWORKS=true…) cannot change the results.
 * The TAP reporter (summary lines `# pass N` / `# fail N`) unless stdout is a terminal.
 * Resolves with the runner's exit code.
 */
export function runUnitTests(extraArgs: string[] = [], cwd = process.cwd()): Promise<number> {
  const files = unitTestFiles(cwd);
  if (files.length === 0) {
    console.error("[test:unit] no *.test.ts files under lib/ or components/");
    return Promise.resolve(1);
  }
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("NAHOOK_") || name === "DATABASE_URL" || name === "TEST_DATABASE_URL" || name === "PORTAL_BASE_URL") delete env[name];
  }
  const reporter = process.stdout.isTTY ? "spec" : "tap";
  const args = ["--import", "tsx", "--test", `--test-reporter=${reporter}`];
  // Each file runs in its own process, and most of its time is starting up (tsx): run at least
  // two at once even on a 2-core machine, where node's default would be one. (Node ≥ 20.10.)
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major > 20 || (major === 20 && minor >= 10)) args.push(`--test-concurrency=${Math.max(2, os.availableParallelism())}`);
  args.push(...extraArgs, ...files);
  const runner = spawn(process.execPath, args, { cwd, env, stdio: "inherit" });
  return new Promise((resolve) => {
    runner.on("error", (error) => {
      console.error(`[test:unit] could not start node: ${error.message}`);
      resolve(1);
    });
    runner.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
