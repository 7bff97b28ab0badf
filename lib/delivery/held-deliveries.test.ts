import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { FairClaim } from "./fair-claim";
import { HeldDeliveries, type EndpointQueue, type Held } from "./held-deliveries";

const claim = (id: string, endpointId: string, maxInFlight = 2): FairClaim => ({ id, endpointId, maxInFlight }) as FairClaim;

/** A worker stand-in: records what was started and handed back, answers when the test says. */
function harness(concurrency: number, clock = { now: 1_000 }) {
  const started: { held: Held; queue: EndpointQueue }[] = [];
  const handedBack: string[] = [];
  const held = new HeldDeliveries({
    concurrency: () => concurrency,
    start: (h, queue) => void started.push({ held: h, queue }),
    handBack: (items) => void handedBack.push(...items.map((i) => i.claim.id)),
    now: () => clock.now,
  });
  const ids = () => started.map((s) => s.held.claim.id);
  /** The receiver answers the exchange of `id`. */
  const answer = (id: string) => {
    const s = started.find((x) => x.held.claim.id === id)!;
    held.release(s.queue);
    held.dispatch();
  };
  return { held, started, ids, handedBack, answer, clock };
}

const committed = Promise.resolve();

describe("held deliveries", () => {
  test("never more than an endpoint's cap at once; the next starts when one is answered", () => {
    const h = harness(10);
    h.held.accept([claim("a1", "A"), claim("a2", "A"), claim("a3", "A"), claim("a4", "A")], committed, 5_000);
    assert.deepEqual(h.ids(), ["a1", "a2"]);
    assert.equal(h.held.queued, 2);
    assert.equal(h.held.waitingFor("A"), 2);
    h.answer("a1");
    assert.deepEqual(h.ids(), ["a1", "a2", "a3"]);
    assert.equal(h.held.sending, 2);
  });

  test("endpoints take turns within the worker's slots", () => {
    const h = harness(3);
    h.held.accept([claim("a1", "A", 5), claim("a2", "A", 5), claim("a3", "A", 5), claim("b1", "B", 5), claim("c1", "C", 5)], committed, 5_000);
    // One of each before a second of any: the deep endpoint does not take the three slots.
    assert.deepEqual(h.ids(), ["a1", "b1", "c1"]);
    h.answer("b1");
    assert.deepEqual(h.ids(), ["a1", "b1", "c1", "a2"]);
  });

  test("a delivery that could no longer finish within its lease goes back unsent", () => {
    const h = harness(1);
    h.held.accept([claim("a1", "A"), claim("a2", "A")], committed, 5_000);
    assert.deepEqual(h.ids(), ["a1"]);
    h.clock.now = 5_001;
    h.answer("a1");
    assert.deepEqual(h.ids(), ["a1"]);
    assert.deepEqual(h.handedBack, ["a2"]);
    assert.equal(h.held.queued, 0);
  });

  test("an endpoint's unsent deliveries, or all, can be taken back", () => {
    const h = harness(1);
    h.held.accept([claim("a1", "A"), claim("a2", "A"), claim("b1", "B"), claim("b2", "B")], committed, 5_000);
    const queueA = h.started[0].queue;
    assert.deepEqual(h.held.takeWaiting(queueA).map((x) => x.claim.id), ["a2"]);
    assert.equal(h.held.queued, 2);
    assert.deepEqual(h.held.takeWaiting().map((x) => x.claim.id), ["b1", "b2"]);
    assert.equal(h.held.queued, 0);
    h.answer("a1");
    assert.deepEqual(h.ids(), ["a1"], "nothing left to start");
  });

  test("an attempt answered while it is being started does not start a second pass", () => {
    const order: string[] = [];
    const held: HeldDeliveries = new HeldDeliveries({
      concurrency: () => 4,
      // A disabled endpoint's attempt answers synchronously, inside dispatch.
      start: (h, queue) => {
        order.push(h.claim.id);
        held.release(queue);
        held.dispatch();
      },
      handBack: () => assert.fail("nothing goes back"),
    });
    held.accept([claim("a1", "A", 1), claim("a2", "A", 1), claim("a3", "A", 1)], committed, Date.now() + 60_000);
    assert.deepEqual(order, ["a1", "a2", "a3"]);
    assert.equal(held.sending, 0);
    assert.equal(held.queued, 0);
  });

  test("an endpoint is forgotten only once nothing of it is held", () => {
    const h = harness(1);
    h.held.accept([claim("a1", "A"), claim("a2", "A")], committed, 5_000);
    const queue = h.started[0].queue;
    h.held.forget("A", queue);
    assert.equal(h.held.waitingFor("A"), 1, "still held: kept");
    h.held.takeWaiting(queue);
    h.held.release(queue);
    h.held.forget("A", queue);
    // A later claim of the endpoint starts a fresh queue with the cap it brings.
    h.held.accept([claim("a3", "A", 1)], committed, 5_000);
    assert.notEqual(h.started.at(-1)!.queue, queue);
    assert.equal(h.started.at(-1)!.queue.cap, 1);
  });
});
