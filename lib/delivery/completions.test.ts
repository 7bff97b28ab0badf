import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type pg from "pg";
import { completionBatcher } from "./completions";
import type { AttemptRecord } from "./queue";

// A stand-in for the worker's pg pool: it records every statement and answers when the test says.

interface Statement {
  sql: string;
  values: unknown[];
  answer: (rows: unknown[]) => void;
  fail: (error: Error) => void;
}

function fakePool() {
  const statements: Statement[] = [];
  const waiters: (() => void)[] = [];
  const query = (text: string | { text: string; values: unknown[] }, values: unknown[] = []) =>
    new Promise<{ rows: unknown[] }>((resolve, reject) => {
      const sql = typeof text === "string" ? text : text.text;
      statements.push({ sql, values: typeof text === "string" ? values : text.values, answer: (rows) => resolve({ rows }), fail: reject });
      waiters.splice(0).forEach((wake) => wake());
    });
  let released = 0;
  const pool = { query, connect: async () => ({ query, release: () => void released++ }) };
  return {
    pool: pool as unknown as pg.Pool,
    statements,
    released: () => released,
    /** Resolves once `count` statements have been issued. */
    async issued(count: number) {
      while (statements.length < count) await new Promise<void>((wake) => waiters.push(wake));
      await new Promise((r) => setImmediate(r));
      assert.equal(statements.length, count, "no more statements than expected");
    },
  };
}

const record = (id: string, overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
  deliveryId: id, endpointId: "ep_1", leaseOwner: "w1", attemptNumber: 1, startedAt: new Date(), status: "scheduled_retry",
  nextAttemptAt: new Date(), url: "https://example.test/", success: false, responseStatusCode: 500, responseTimeMs: 5,
  responseHeaders: null, responseBody: null, errorMessage: "HTTP 500", disable: null, ...overrides,
});

const delivered = (id: string) => record(id, { success: true, status: "delivered", nextAttemptAt: null, responseStatusCode: 200, errorMessage: null });

/** The delivery ids a batched statement writes (its first parameter). */
const idsOf = (statement: Statement) => statement.values[0] as string[];
const rowsFor = (...ids: string[]) => ids.map((id) => ({ id }));

describe("completionBatcher", () => {
  test("without lingering: an outcome is written at once; true while the lease was held, false otherwise", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool, { lingerMs: 0 });
    const held = batcher.complete(record("del_1"));
    await db.issued(1);
    assert.deepEqual(idsOf(db.statements[0]), ["del_1"]);
    db.statements[0].answer(rowsFor("del_1"));
    assert.equal(await held, true);

    const lost = batcher.complete(record("del_2"));
    await db.issued(2);
    db.statements[1].answer([]);
    assert.equal(await lost, false);
  });

  test("busy: at most two writes in flight; outcomes queue up and go out together", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool, { maxBatch: 200, maxInFlight: 2, lingerMs: 0 });
    const results = ["a", "b", "c", "d", "e"].map((id) => batcher.complete(record(id)));
    await db.issued(2);
    assert.deepEqual(db.statements.map(idsOf), [["a"], ["b"]]);
    db.statements[0].answer(rowsFor("a"));
    await db.issued(3);
    assert.deepEqual(idsOf(db.statements[2]), ["c", "d", "e"]);
    db.statements[1].answer(rowsFor("b"));
    db.statements[2].answer(rowsFor("c", "e")); // d's lease was lost meanwhile
    assert.deepEqual(await Promise.all(results), [true, true, true, false, true]);
  });

  test("lingering: outcomes wait for company up to lingerMs, then go out together", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool, { lingerMs: 30, target: 64 });
    const started = performance.now();
    const results = ["a", "b", "c"].map((id) => batcher.complete(delivered(id)));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(db.statements.length, 0, "nothing written before the linger ends");
    await db.issued(1);
    assert.ok(performance.now() - started >= 25, "written once the linger ended");
    assert.deepEqual(idsOf(db.statements[0]), ["a", "b", "c"]);
    db.statements[0].answer(rowsFor("a", "b", "c"));
    assert.deepEqual(await Promise.all(results), [true, true, true]);
  });

  test("lingering: as soon as `target` outcomes wait, they are written without waiting longer", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool, { lingerMs: 60_000, target: 3 });
    const results = ["a", "b", "c", "d"].map((id) => batcher.complete(delivered(id)));
    await db.issued(1);
    assert.deepEqual(idsOf(db.statements[0]), ["a", "b", "c"]);
    db.statements[0].answer(rowsFor("a", "b", "c"));
    assert.deepEqual(await Promise.all(results.slice(0, 3)), [true, true, true]);
    // "d" alone is below the target: it waits for the (here: long) linger, or for company.
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(db.statements.length, 1);
    const more = ["e", "f"].map((id) => batcher.complete(delivered(id)));
    await db.issued(2);
    assert.deepEqual(idsOf(db.statements[1]), ["d", "e", "f"]);
    db.statements[1].answer(rowsFor("d", "e", "f"));
    assert.deepEqual(await Promise.all([results[3], ...more]), [true, true, true]);
  });

  for (const [what, urgent] of [
    ["a failed attempt's outcome", (batcher: ReturnType<typeof completionBatcher>) => batcher.complete(record("b"))],
    ["an outcome marked `now` (a shared endpoint)", (batcher: ReturnType<typeof completionBatcher>) => batcher.complete(delivered("b"), true)],
  ] as const) {
    test(`lingering: ${what} goes at once, with what waited before it`, async () => {
      const db = fakePool();
      const batcher = completionBatcher(db.pool, { lingerMs: 60_000, target: 64 });
      const waiting = batcher.complete(delivered("a"));
      const pressing = urgent(batcher);
      await db.issued(1);
      assert.deepEqual(idsOf(db.statements[0]), ["a", "b"]);
      db.statements[0].answer(rowsFor("a", "b"));
      assert.deepEqual(await Promise.all([waiting, pressing]), [true, true]);
    });
  }

  test("a batch holds at most maxBatch outcomes", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool, { maxBatch: 2, maxInFlight: 1, lingerMs: 0 });
    const results = ["a", "b", "c", "d", "e"].map((id) => batcher.complete(record(id)));
    await db.issued(1);
    db.statements[0].answer(rowsFor("a"));
    await db.issued(2);
    assert.deepEqual(idsOf(db.statements[1]), ["b", "c"]);
    db.statements[1].answer(rowsFor("b", "c"));
    await db.issued(3);
    assert.deepEqual(idsOf(db.statements[2]), ["d", "e"]);
    db.statements[2].answer(rowsFor("d", "e"));
    assert.deepEqual(await Promise.all(results), [true, true, true, true, true]);
  });

  test("a failed write rejects its own batch only; later outcomes are still written", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool, { maxBatch: 200, maxInFlight: 1, lingerMs: 0 });
    const first = batcher.complete(record("a"));
    const queued = [batcher.complete(record("b")), batcher.complete(record("c"))];
    await db.issued(1);
    db.statements[0].fail(new Error("connection lost"));
    await assert.rejects(first, /connection lost/);
    await db.issued(2);
    assert.deepEqual(idsOf(db.statements[1]), ["b", "c"]);
    db.statements[1].answer(rowsFor("b", "c"));
    assert.deepEqual(await Promise.all(queued), [true, true]);
  });

  test("an outcome that disables the endpoint takes its own transaction, with the audited disable", async () => {
    const db = fakePool();
    const batcher = completionBatcher(db.pool);
    const done = batcher.complete(record("del_gone", { status: "failed", nextAttemptAt: null, disable: { reason: "gone", detail: "Receiver answered HTTP 410" } }));
    await db.issued(1);
    assert.equal(db.statements[0].sql, "BEGIN");
    db.statements[0].answer([]);
    await db.issued(2);
    assert.match(db.statements[1].sql, /UPDATE deliveries/);
    assert.ok(db.statements[1].values.flat().includes("del_gone"), "records this attempt");
    db.statements[1].answer([{ id: "del_gone" }]);
    await db.issued(3);
    assert.match(db.statements[2].sql, /UPDATE endpoints SET "isActive" = false/);
    assert.deepEqual(db.statements[2].values.slice(0, 2), ["ep_1", "gone"]);
    db.statements[2].answer([{ id: "audit_1" }]);
    await db.issued(4);
    assert.equal(db.statements[3].sql, "COMMIT");
    db.statements[3].answer([]);
    assert.equal(await done, true);
    assert.equal(db.released(), 1);
  });

  test("no lease, no disable: a worker that lost the delivery leaves the endpoint alone", async () => {
    const db = fakePool();
    const done = completionBatcher(db.pool).complete(record("del_x", { status: "failed", disable: { reason: "failing", detail: "…" } }));
    await db.issued(1);
    db.statements[0].answer([]);
    await db.issued(2);
    db.statements[1].answer([]); // the delivery is no longer ours
    await db.issued(3);
    assert.equal(db.statements[2].sql, "COMMIT");
    db.statements[2].answer([]);
    assert.equal(await done, false);
    assert.equal(db.released(), 1);
  });

  test("a failure inside the transaction rolls back and releases the connection", async () => {
    const db = fakePool();
    const done = completionBatcher(db.pool).complete(record("del_y", { status: "failed", disable: { reason: "gone", detail: "…" } }));
    await db.issued(1);
    db.statements[0].answer([]);
    await db.issued(2);
    db.statements[1].fail(new Error("deadlock detected"));
    await db.issued(3);
    assert.equal(db.statements[2].sql, "ROLLBACK");
    db.statements[2].answer([]);
    await assert.rejects(done, /deadlock detected/);
    assert.equal(db.released(), 1);
  });
});
