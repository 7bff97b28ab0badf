import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decide, mergeRow, RateCounter, syncMargin, takeFlush, type AddCounts, type SharedRow, type Tally } from "./rate-counter";

const WINDOW = 60_000;
const T0 = 1_000_000;

const tally = (t: Partial<Tally>): Tally => ({ windowStart: T0, shared: 0, inflight: 0, pending: 0, ...t });

/** The shared table, as the counting statement treats it: one row per key, windows opening at `now`. */
function fakeShared(now: () => number) {
  const rows = new Map<string, { windowStart: number; count: number }>();
  const calls: { keys: string[]; deltas: number[] }[] = [];
  const add: AddCounts = async (keys, deltas) => {
    calls.push({ keys: [...keys], deltas: [...deltas] });
    return keys.map((key, i): SharedRow => {
      const row = rows.get(key);
      const fresh = !row || row.windowStart <= now() - WINDOW;
      const next = fresh ? { windowStart: now(), count: deltas[i] } : { windowStart: row.windowStart, count: row.count + deltas[i] };
      rows.set(key, next);
      return { key, windowStart: new Date(next.windowStart), count: next.count };
    });
  };
  return { rows, calls, add };
}

describe("decide", () => {
  test("no tally, or its window ended: ask the shared row", () => {
    assert.equal(decide(undefined, 60_000, T0, WINDOW), "sync");
    assert.equal(decide(tally({ shared: 5 }), 60_000, T0 + WINDOW, WINDOW), "sync");
  });

  test("far from the limit: allowed here", () => {
    assert.equal(decide(tally({ shared: 1_000, inflight: 200, pending: 300 }), 60_000, T0 + 10, WINDOW), "allow");
  });

  test("within the margin of the limit (highest estimate): ask the shared row", () => {
    const limit = 60_000;
    const margin = syncMargin(limit);
    assert.equal(margin, 6_000);
    // shared + inflight + pending + this one = limit - margin: still allowed here; one more is not.
    assert.equal(decide(tally({ shared: limit - margin - 101, inflight: 50, pending: 50 }), limit, T0, WINDOW), "allow");
    assert.equal(decide(tally({ shared: limit - margin - 100, inflight: 50, pending: 50 }), limit, T0, WINDOW), "sync");
  });

  test("a small limit is always counted on the shared row until it is certainly exceeded", () => {
    assert.equal(decide(tally({ shared: 0 }), 3, T0, WINDOW), "sync");
    assert.equal(decide(tally({ shared: 2 }), 3, T0, WINDOW), "sync");
    assert.equal(decide(tally({ shared: 3 }), 3, T0, WINDOW), "refuse");
  });

  test("refused here only when certain: the shared total plus unsent counts reached the limit", () => {
    assert.equal(decide(tally({ shared: 999, pending: 1 }), 1_000, T0, WINDOW), "refuse");
    // Inflight counts may already be in the shared total: not certain, ask.
    assert.equal(decide(tally({ shared: 999, inflight: 1 }), 1_000, T0, WINDOW), "sync");
  });
});

describe("mergeRow", () => {
  test("same window keeps the larger total (answers may arrive out of order)", () => {
    const t = tally({ shared: 50 });
    mergeRow(t, { windowStart: new Date(T0), count: 40 });
    assert.equal(t.shared, 50);
    mergeRow(t, { windowStart: new Date(T0), count: 70 });
    assert.equal(t.shared, 70);
  });

  test("a newer window replaces the total; an older one changes nothing", () => {
    const t = tally({ shared: 500, pending: 3 });
    mergeRow(t, { windowStart: new Date(T0 + WINDOW), count: 4 });
    assert.deepEqual(t, tally({ windowStart: T0 + WINDOW, shared: 4, pending: 3 }));
    mergeRow(t, { windowStart: new Date(T0), count: 900 });
    assert.equal(t.shared, 4);
  });
});

describe("takeFlush", () => {
  test("moves pending to inflight, sorted by key; drops counts of ended windows", () => {
    const tallies = new Map<string, Tally>([
      ["b", tally({ pending: 2 })],
      ["a", tally({ pending: 5, inflight: 1 })],
      ["idle", tally({})],
      ["old", tally({ windowStart: T0 - WINDOW, pending: 9 })],
    ]);
    assert.deepEqual(takeFlush(tallies, T0 + 1, WINDOW), { keys: ["a", "b"], deltas: [5, 2] });
    assert.deepEqual(tallies.get("a"), tally({ inflight: 6 }));
    assert.deepEqual(tallies.get("old"), tally({ windowStart: T0 - WINDOW }));
  });
});

describe("RateCounter", () => {
  test("first request synchronous, then local; one flush statement adds every key's delta and reads back the totals", async () => {
    let now = T0;
    const shared = fakeShared(() => now);
    const counter = new RateCounter(shared.add, { windowMs: () => WINDOW, flushMs: 60_000, now: () => now });
    assert.equal((await counter.count("k1", 60_000)).count, 1);
    assert.equal((await counter.count("k2", 60_000)).count, 1);
    assert.equal(shared.calls.length, 2);
    for (let i = 0; i < 10; i++) await counter.count("k1", 60_000);
    const local = await counter.count("k2", 60_000);
    assert.equal(local.count, 2);
    assert.equal(shared.calls.length, 2, "local decisions make no statement");
    // Another process counted 100 on k1 meanwhile.
    shared.rows.get("k1")!.count += 100;
    now += 50;
    await counter.flush();
    assert.deepEqual(shared.calls[2], { keys: ["k1", "k2"], deltas: [10, 1] });
    assert.deepEqual(counter.tally("k1"), tally({ shared: 111 }));
    assert.equal((await counter.count("k1", 60_000)).count, 112);
  });

  test("near the limit every request is counted on the shared row, pending ones riding along; beyond it refused here and still counted", async () => {
    let now = T0;
    const shared = fakeShared(() => now);
    const counter = new RateCounter(shared.add, { windowMs: () => WINDOW, flushMs: 60_000, now: () => now });
    const limit = 1_000; // margin 100
    await counter.count("k", limit);
    for (let i = 0; i < 899; i++) await counter.count("k", limit);
    assert.equal(shared.calls.length, 1);
    // 900 counted, the next one would leave fewer than 100: synchronous, carrying the 899 pending.
    const c = await counter.count("k", limit);
    assert.equal(c.count, 901);
    assert.deepEqual(shared.calls[1], { keys: ["k"], deltas: [900] });
    for (let i = 0; i < 99; i++) assert.ok((await counter.count("k", limit)).count <= limit);
    assert.equal(shared.calls.length, 101);
    const refused = await counter.count("k", limit);
    assert.equal(refused.count, 1_001);
    assert.equal(shared.calls.length, 101, "a certain refusal makes no statement");
    await counter.flush();
    assert.equal(shared.rows.get("k")!.count, 1_001, "refused requests count too");
    // The window ends: the next request opens a new one.
    now += WINDOW;
    assert.equal((await counter.count("k", limit)).count, 1);
  });

  test("a failed flush keeps its counts for the next one", async () => {
    const now = T0;
    const shared = fakeShared(() => now);
    let fail = false;
    const errors: unknown[] = [];
    const counter = new RateCounter((keys, deltas) => (fail ? Promise.reject(new Error("down")) : shared.add(keys, deltas)), {
      windowMs: () => WINDOW, flushMs: 60_000, now: () => now, onFlushError: (e) => errors.push(e),
    });
    await counter.count("k", 60_000);
    await counter.count("k", 60_000);
    await counter.count("k", 60_000);
    fail = true;
    await counter.flush();
    assert.equal(errors.length, 1);
    assert.deepEqual(counter.tally("k"), tally({ shared: 1, pending: 2 }));
    fail = false;
    await counter.flush();
    assert.equal(shared.rows.get("k")!.count, 3);
    assert.deepEqual(counter.tally("k"), tally({ shared: 3 }));
  });

  test("exact always asks the shared row", async () => {
    const shared = fakeShared(() => T0);
    const counter = new RateCounter(shared.add, { windowMs: () => WINDOW, flushMs: 60_000, now: () => T0 });
    for (let i = 1; i <= 3; i++) assert.equal((await counter.count("m", 1_000_000, true)).count, i);
    assert.equal(shared.calls.length, 3);
    assert.equal(counter.tally("m"), undefined);
  });
});
