import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contrastRatio, normalizeHex, readableAccentOn, readableTextOn, relativeLuminance } from "./color";

describe("brand colour contrast (WCAG 2)", () => {
  test("relative luminance and contrast ratio match the WCAG reference values", () => {
    assert.equal(relativeLuminance("#ffffff"), 1);
    assert.equal(relativeLuminance("#000000"), 0);
    assert.equal(contrastRatio("#ffffff", "#000000"), 21);
    assert.equal(contrastRatio("#000000", "#ffffff"), 21, "order does not matter");
    // #767676 is the classic lightest grey that passes AA on white (4.54:1).
    assert.ok(Math.abs(contrastRatio("#767676", "#ffffff") - 4.54) < 0.01);
  });

  test("#abc and #AABBCC normalise to #aabbcc", () => {
    assert.equal(normalizeHex("#ABC"), "#aabbcc");
    assert.equal(normalizeHex("#0F766E"), "#0f766e");
  });

  test("button labels: white when it reads, else the more contrasting of white and black", () => {
    assert.equal(readableTextOn("#4f46e5"), "#ffffff");
    assert.equal(readableTextOn("#0f766e"), "#ffffff");
    assert.equal(readableTextOn("#facc15"), "#000000");
    assert.equal(readableTextOn("#ff6600"), "#000000");
    assert.equal(readableTextOn("#ffffff"), "#000000");
    assert.equal(readableTextOn("#000000"), "#ffffff");
    for (const color of ["#facc15", "#22c55e", "#ff6600", "#38bdf8", "#e11d48", "#7c3aed"]) {
      const label = readableTextOn(color);
      const other = label === "#ffffff" ? "#000000" : "#ffffff";
      assert.ok(contrastRatio(label, color) >= 4.5 || contrastRatio(label, color) >= contrastRatio(other, color), color);
    }
  });

  test("link colours keep the hue and reach 4.5:1 on light and dark cards", () => {
    assert.equal(readableAccentOn("#0f766e", "#ffffff"), "#0f766e", "already readable: unchanged");
    for (const color of ["#facc15", "#22c55e", "#38bdf8", "#ffffff", "#4f46e5", "#000000"]) {
      assert.ok(contrastRatio(readableAccentOn(color, "#ffffff"), "#ffffff") >= 4.5, `${color} on white`);
      assert.ok(contrastRatio(readableAccentOn(color, "#0f172b"), "#0f172b") >= 4.5, `${color} on dark`);
    }
  });
});
