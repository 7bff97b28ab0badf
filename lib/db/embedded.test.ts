import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { runningPostmaster } from "./embedded";

describe("runningPostmaster", () => {
  const pgDir = mkdtempSync(path.join(os.tmpdir(), "nahook-pidfile-"));
  const writePid = (pid: number) => writeFileSync(path.join(pgDir, "postmaster.pid"), `${pid}\n${pgDir}\n`);
  after(() => rmSync(pgDir, { recursive: true, force: true }));

  test("no pid file: nothing runs", () => {
    assert.equal(runningPostmaster(path.join(pgDir, "missing")), null);
  });

  test("a live process started on the folder is its postmaster", async () => {
    // Stands in for `postgres -D <pgDir>`: what matters is the folder among its arguments.
    const stand = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)", "--", "-D", pgDir]);
    try {
      writePid(stand.pid!);
      assert.equal(runningPostmaster(pgDir), stand.pid);
    } finally {
      stand.kill();
    }
  });

  test("a stale pid that another process took is not the postmaster", () => {
    // Our own pid: alive, but not started on the folder, as after pid reuse.
    writePid(process.pid);
    assert.equal(runningPostmaster(pgDir), null);
  });

  test("a pid that no process holds is not running", async () => {
    const gone = spawn(process.execPath, ["-e", "", "--", "-D", pgDir]);
    await new Promise((resolve) => gone.on("exit", resolve));
    writePid(gone.pid!);
    assert.equal(runningPostmaster(pgDir), null);
  });
});
