import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { reloadConfig } from "@/lib/config";
import { ApiError } from "@/lib/http/errors";
import { openCursor, sealCursor } from "./cursor";

const position = { createdAt: new Date("2026-11-20T10:00:00.123Z"), id: "del_abc" };

const rejectsAsInvalid = (promise: Promise<unknown>) =>
  assert.rejects(promise, (error) => error instanceof ApiError && error.code === "invalid_cursor" && error.status === 400);

describe("cursor sealing", () => {
  // A configured secret: the database-kept one needs a database.
  before(() => reloadConfig({ NAHOOK_CURSOR_SECRET: "a".repeat(40) }));

  test("a cursor opens to the position it was sealed with, on the same list", async () => {
    const cursor = await sealCursor(position, "ws_1/ep_1//");
    assert.deepEqual(await openCursor(cursor, "ws_1/ep_1//"), position);
  });

  test("it reveals nothing readable", async () => {
    const cursor = await sealCursor(position, "ws_1/ep_1//");
    assert.ok(!cursor.includes("del_abc"));
    assert.ok(!Buffer.from(cursor, "base64url").toString("latin1").includes("del_abc"));
  });

  test("a cursor from another list is refused", async () => {
    const cursor = await sealCursor(position, "ws_1/ep_1//");
    await rejectsAsInvalid(openCursor(cursor, "ws_1/ep_2//"));
    await rejectsAsInvalid(openCursor(cursor, "ws_2/ep_1//"));
  });

  test("tampered, truncated, foreign or oversized cursors are refused", async () => {
    const cursor = await sealCursor(position, "s");
    const flipped = cursor.slice(0, 40) + (cursor[40] === "A" ? "B" : "A") + cursor.slice(41);
    for (const bad of [flipped, cursor.slice(0, -5), "", "garbage", "Fe26.2**x*y*z", "x".repeat(5000)]) {
      await rejectsAsInvalid(openCursor(bad, "s"));
    }
  });

  test("a rotated secret invalidates old cursors", async () => {
    const cursor = await sealCursor(position, "s");
    reloadConfig({ NAHOOK_CURSOR_SECRET: "b".repeat(40) });
    try {
      await rejectsAsInvalid(openCursor(cursor, "s"));
    } finally {
      reloadConfig({ NAHOOK_CURSOR_SECRET: "a".repeat(40) });
    }
  });
});
