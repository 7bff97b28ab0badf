import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError, toErrorResponse } from "./errors";

async function answer(error: unknown) {
  const logged: string[] = [];
  const response = toErrorResponse(error, (line) => logged.push(line));
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } }, logged };
}

const dbError = (code: string) => Object.assign(new Error(`database said ${code}`), { code });

describe("toErrorResponse", () => {
  test("database constraint errors a client can cause are 4xx in the envelope, not logged", async () => {
    for (const [code, status, errorCode] of [["P2002", 409, "conflict"], ["23505", 409, "conflict"], ["P2003", 404, "not_found"], ["23503", 404, "not_found"], ["P2025", 404, "not_found"]] as const) {
      const { status: got, body, logged } = await answer(dbError(code));
      assert.equal(got, status, code);
      assert.equal(body.error.code, errorCode, code);
      assert.deepEqual(logged, [], code);
    }
  });

  test("an ApiError keeps its own status and message", async () => {
    const { status, body } = await answer(new ApiError("conflict", "Endpoint is disabled"));
    assert.equal(status, 409);
    assert.deepEqual(body, { error: { code: "conflict", message: "Endpoint is disabled" } });
  });

  test("anything else is a 500 that leaks nothing and is logged", async () => {
    const { status, body, logged } = await answer(new TypeError("secret detail"));
    assert.equal(status, 500);
    assert.deepEqual(body, { error: { code: "server_error", message: "Internal server error" } });
    assert.equal(logged.length, 1);
    assert.match(logged[0], /secret detail/);
  });
});

describe("ApiError stacks", () => {
  test("a client error carries no stack trace; a server error keeps it", () => {
    assert.doesNotMatch(new ApiError("unauthorized", "no").stack ?? "", /\n\s+at /);
    assert.match(new ApiError("server_error", "boom").stack ?? "", /\n\s+at /);
  });
});
