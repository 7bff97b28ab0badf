import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { quietWakes } from "./quiet-wakes";

function setup() {
  const clock = { now: 10_000 };
  let wakes = 0;
  const quiet = quietWakes(() => void wakes++, { now: () => clock.now });
  /** Three empty claims, 10 ms apart. */
  const emptyBurst = () => {
    for (let i = 0; i < 3; i++) {
      quiet.claimed(0, clock.now);
      clock.now += 10;
    }
  };
  return { quiet, clock, wakes: () => wakes, emptyBurst };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("quiet wakes", () => {
  test("an idle worker wakes at once, however often its claims come back empty", () => {
    const { quiet, clock, wakes } = setup();
    for (let i = 0; i < 5; i++) {
      quiet.claimed(0, clock.now);
      clock.now += 1_000; // a second apart: not a burst
    }
    quiet.notified();
    assert.equal(wakes(), 1);
  });

  test("after three empty claims in quick succession a NOTIFY waits, and several wake once", async () => {
    const { quiet, wakes, emptyBurst } = setup();
    emptyBurst();
    quiet.notified();
    quiet.notified();
    assert.equal(wakes(), 0, "held back");
    await sleep(80); // the 50 ms quiet period, measured from the last claim
    assert.equal(wakes(), 1, "one wake for both");
    quiet.stop();
  });

  test("a claim that returns deliveries ends the quiet period", () => {
    const { quiet, clock, wakes, emptyBurst } = setup();
    emptyBurst();
    quiet.claimed(4, clock.now);
    quiet.notified();
    assert.equal(wakes(), 1);
  });

  test("stop cancels a pending wake", async () => {
    const { quiet, wakes, emptyBurst } = setup();
    emptyBurst();
    quiet.notified();
    quiet.stop();
    await sleep(80);
    assert.equal(wakes(), 0);
  });
});
