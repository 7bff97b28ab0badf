import { processRecoverChunk, RECOVER_MAX_FAILURES } from "@/lib/recovery/recover-jobs";
import { expect, test } from "../support/fixtures";
import { TEST_ENDPOINT_SECRET, insertWorkspace, startPrivateDatabase } from "../support/delivery";

// A recover job counts the failed deliveries in its window when it is created; by the time the
// worker reaches them some may have been retried by hand, and others may have failed since.
// Its finished counts must still add up (the portal draws a progress bar from them). A database
// of its own, so no worker takes the job before the spec has changed the deliveries under it.

test("a finished recover job's counts add up, whatever changed after it was created", async () => {
  test.setTimeout(120_000);
  const { pool, dispose } = await startPrivateDatabase("recover");
  try {
    await insertWorkspace(pool, { ws: "ws_rec", env: "env_rec" });
    await pool.query(
      `INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "updatedAt") VALUES ('ep_rec', 'ws_rec', 'env_rec', 'http://127.0.0.1:9/', $1, now())`,
      [TEST_ENDPOINT_SECRET],
    );
    // Five dead letters, a minute apart.
    await pool.query(
      `WITH m AS (
         INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize", "createdAt")
         SELECT 'msg_rec_' || g, 'ws_rec', 'env_rec', 'rec.test', '{}', 2, now() - g * interval '1 minute' FROM generate_series(1, 5) g
         RETURNING id, "createdAt"
       )
       INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "totalAttempts", "createdAt", "updatedAt")
       SELECT replace(id, 'msg_', 'del_'), 'ws_rec', 'env_rec', 'ep_rec', id, id, 'dead_letter', 4, "createdAt", now() FROM m`,
    );
    const job = (since: string, total: number) =>
      pool.query(
        `INSERT INTO recover_jobs (id, "workspaceId", "endpointId", since, until, total, "actorType", "updatedAt")
         VALUES ('rj_' || md5(random()::text), 'ws_rec', 'ep_rec', now() - $1::interval, now(), $2, 'api_key', now()) RETURNING id`,
        [since, total],
      ).then((r) => r.rows[0].id as string);
    const runToEnd = async () => {
      while (await processRecoverChunk(pool, 2)) {
        /* chunk after chunk */
      }
    };
    const counts = async (id: string) =>
      (await pool.query(`SELECT status, total, processed, requeued, skipped FROM recover_jobs WHERE id = $1`, [id])).rows[0];

    // Counted 5; two were retried by hand (and delivered) before the worker reached them.
    const first = await job("1 hour", 5);
    await pool.query(`UPDATE deliveries SET status = 'delivered' WHERE id IN ('del_rec_2', 'del_rec_4')`);
    await runToEnd();
    expect(await counts(first)).toEqual({ status: "completed", total: 5, processed: 5, requeued: 3, skipped: 2 });

    // Counted 1, but three more in its window failed after it was created.
    await pool.query(`UPDATE deliveries SET status = 'failed', "nextAttemptAt" = NULL`);
    const second = await job("1 hour", 1);
    await runToEnd();
    expect(await counts(second)).toEqual({ status: "completed", total: 5, processed: 5, requeued: 5, skipped: 0 });
  } finally {
    await dispose();
  }
});

test("a recover job that fails chunk after chunk is marked failed, and the jobs behind it run", async () => {
  test.setTimeout(120_000);
  const { pool, dispose } = await startPrivateDatabase("recover-fail");
  try {
    await insertWorkspace(pool, { ws: "ws_rf", env: "env_rf" });
    for (const ep of ["ep_rf_bad", "ep_rf_ok"]) {
      await pool.query(`INSERT INTO endpoints (id, "workspaceId", "environmentId", url, secret, "updatedAt") VALUES ($1, 'ws_rf', 'env_rf', 'http://127.0.0.1:9/', $2, now())`, [ep, TEST_ENDPOINT_SECRET]);
      await pool.query(
        `INSERT INTO messages (id, "workspaceId", "environmentId", "eventType", payload, "payloadSize") VALUES ($1, 'ws_rf', 'env_rf', 'rf.test', '{}', 2)`,
        [`msg_${ep}`],
      );
      await pool.query(
        `INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "messageId", "idempotencyKey", status, "totalAttempts", "createdAt", "updatedAt")
         VALUES ($1, 'ws_rf', 'env_rf', $2, $3, $1, 'dead_letter', 4, now() - interval '1 minute', now())`,
        [`del_${ep}`, ep, `msg_${ep}`],
      );
    }
    // Something the job cannot get past: every requeue of the bad endpoint's delivery fails.
    await pool.query(`CREATE FUNCTION refuse_requeue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'requeue refused for %', OLD.id; END $$`);
    await pool.query(`CREATE TRIGGER refuse_requeue BEFORE UPDATE ON deliveries FOR EACH ROW WHEN (OLD.id = 'del_ep_rf_bad') EXECUTE FUNCTION refuse_requeue()`);
    for (const [id, ep, age] of [["rj_bad", "ep_rf_bad", "2 seconds"], ["rj_ok", "ep_rf_ok", "1 second"]]) {
      await pool.query(
        `INSERT INTO recover_jobs (id, "workspaceId", "endpointId", since, until, total, "actorType", "createdAt", "updatedAt")
         VALUES ($1, 'ws_rf', $2, now() - interval '1 hour', now(), 1, 'api_key', now() - $3::interval, now())`,
        [id, ep, age],
      );
    }

    // The oldest job is taken first and fails RECOVER_MAX_FAILURES times in a row…
    for (let i = 0; i < RECOVER_MAX_FAILURES; i++) await expect(processRecoverChunk(pool)).rejects.toThrow(/requeue refused/);
    const bad = (await pool.query(`SELECT status, failures, error, "completedAt" FROM recover_jobs WHERE id = 'rj_bad'`)).rows[0];
    expect(bad).toMatchObject({ status: "failed", failures: RECOVER_MAX_FAILURES, error: expect.stringMatching(/requeue refused/) });
    expect(bad.completedAt).not.toBeNull();
    // …and no longer holds up the job behind it.
    expect(await processRecoverChunk(pool)).toBe(true);
    expect((await pool.query(`SELECT status, requeued FROM recover_jobs WHERE id = 'rj_ok'`)).rows[0]).toEqual({ status: "completed", requeued: 1 });
    expect(await processRecoverChunk(pool)).toBe(false);
  } finally {
    await dispose();
  }
});
