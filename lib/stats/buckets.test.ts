import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addHistograms, BUCKET_COUNT, emptyHistogram, LATENCY_BOUNDS_MS, percentile } from "./buckets";

describe("latency histogram", () => {
  test("an empty histogram has no percentile", () => {
    assert.equal(percentile(emptyHistogram(), 50), null);
  });

  test("percentiles interpolate inside the bucket that holds the rank", () => {
    const h = emptyHistogram();
    h[3] = 10; // [50, 100) ms
    assert.equal(percentile(h, 50), 75);
    assert.equal(percentile(h, 100), 100);
    h[8] = 10; // [750, 1000) ms
    assert.equal(percentile(h, 50), 100);
    assert.equal(percentile(h, 95), 750 + Math.round(0.9 * 250));
  });

  test("the open top bucket reports its lower bound", () => {
    const h = emptyHistogram();
    h[BUCKET_COUNT - 1] = 3;
    assert.equal(percentile(h, 95), LATENCY_BOUNDS_MS.at(-1));
  });

  test("histograms add element-wise, tolerating short arrays", () => {
    assert.deepEqual(addHistograms([1, 2], [1]).slice(0, 3), [2, 2, 0]);
    assert.equal(addHistograms(emptyHistogram(), []).length, BUCKET_COUNT);
  });
});
