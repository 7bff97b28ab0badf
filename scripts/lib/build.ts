import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "pages", "public", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json", "prisma/schema.prisma", "tsconfig.json"];
const STAMP = path.join(".next", "nahook-source-hash");

function walk(entry: string, out: string[]) {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isDirectory()) {
    if (entry.endsWith(`lib${path.sep}db${path.sep}generated`) || path.basename(entry) === "fixtures") return;
    for (const child of readdirSync(entry).sort()) walk(path.join(entry, child), out);
  } else if (!/\.test\.tsx?$/.test(entry)) out.push(`${entry}:${stat.size}:${stat.mtimeMs}`); // unit tests are not part of the app
}

function sourceHash(): string {
  const files: string[] = [];
  for (const source of SOURCES) walk(source, files);
  return createHash("sha256").update(files.join("\n")).digest("hex");
}

/** Runs `next build` unless the last build was made from exactly these sources. */
export function buildIfStale(log: (line: string) => void): void {
  const hash = sourceHash();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return;
  log("building the app (next build); later starts reuse the build until the sources change");
  const result = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(STAMP, hash);
}
