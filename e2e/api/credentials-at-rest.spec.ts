import pg from "pg";
import { Webhook } from "standardwebhooks";
import { decryptCredential, keyId, parseKey } from "@/lib/crypto/keyring";
import { newId } from "@/lib/ids";
import { runCli } from "../support/cli";
import { startReceiver, waitForDelivery } from "../support/delivery";
import { db, expect, test } from "../support/fixtures";

test.describe.configure({ timeout: 180_000 });

/** The row exactly as a database dump would show it. */
async function rawRow(id: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ row: string }>(`SELECT row_to_json(e)::text AS row FROM endpoints e WHERE id = $1`, [id]);
    return rows[0].row;
  } finally {
    await client.end();
  }
}

const CIPHER = /^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/;

test.describe("credentials at rest", () => {
  test("signing secrets (current and previous) and basic-auth passwords are stored encrypted; deliveries still sign and authenticate", async ({ ws, mgmt }) => {
    const receiver = await startReceiver();
    try {
      const password = `pä:ss-${Math.random().toString(36).slice(2)}`;
      const created = await (await mgmt.post("/endpoints", { url: receiver.url, authUsername: "acme", authPassword: password })).json();
      const rotated = await (await mgmt.post(`/endpoints/${created.id}/secret/rotate`)).json();
      const row = await db.endpoint.findUniqueOrThrow({ where: { id: created.id } });
      for (const value of [row.secret, row.previousSecret, row.authPassword]) expect(value).toMatch(CIPHER);
      const dump = await rawRow(created.id);
      for (const plain of [created.secret, rotated.secret, password, created.secret.slice(6), rotated.secret.slice(6)]) expect(dump).not.toContain(plain);
      expect(dump).not.toContain("whsec_");
      // Readable where needed: the API and the delivery engine decrypt.
      expect((await (await mgmt.get(`/endpoints/${created.id}`)).json()).secret).toBe(rotated.secret);
      expect(decryptCredential(row.authPassword!)).toBe(password);

      const sent = await (await mgmt.post(`/endpoints/${created.id}/test`)).json();
      await waitForDelivery(sent.deliveryId, (d) => d.status === "delivered");
      const got = receiver.requests[0];
      new Webhook(rotated.secret).verify(got.body, got.headers as Record<string, string>);
      expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2); // the previous secret signs too
      expect(Buffer.from(String(got.headers.authorization).slice(6), "base64").toString("utf8")).toBe(`acme:${password}`);
    } finally {
      await receiver.close();
    }
  });

  test("the start-up data migration encrypts rows stored in plain text", async ({ ws, mgmt }) => {
    const id = newId("ep");
    const secret = `whsec_${Buffer.from(`legacy-${id}`).toString("base64")}`;
    // Written and read back in one transaction: another spec's CLI, starting meanwhile, would
    // migrate the row as soon as it could see it.
    const stored = await db.$transaction(async (tx) => {
      await tx.endpoint.create({
        data: { id, workspaceId: ws.workspaceId, environmentId: ws.environmentId, url: "https://example.com/legacy", secret, previousSecret: "whsec_b2xk", authUsername: "u", authPassword: "legacy-password" },
      });
      const [row] = await tx.$queryRaw<{ row: string }[]>`SELECT row_to_json(e)::text AS row FROM endpoints e WHERE id = ${id}`;
      return row.row;
    });
    expect(stored).toContain("legacy-password");
    // Any process that opens the database migrates it first (here: the CLI).
    const result = await runCli(["workspace", "list"]);
    expect(result.code, result.stderr).toBe(0);
    const dump = await rawRow(id);
    expect(dump).not.toContain("legacy-password");
    expect(dump).not.toContain(secret);
    const row = await db.endpoint.findUniqueOrThrow({ where: { id } });
    expect(row.secret).toMatch(CIPHER);
    expect(decryptCredential(row.authPassword!)).toBe("legacy-password");
    expect(decryptCredential(row.previousSecret!)).toBe("whsec_b2xk");
    expect((await (await mgmt.get(`/endpoints/${id}`)).json()).secret).toBe(secret);
  });

  test("with DATABASE_URL set and no key, start-up refuses with a clear message", async () => {
    const env = { ...process.env };
    delete env.NAHOOK_ENCRYPTION_KEY;
    delete env.NAHOOK_ENCRYPTION_KEY_FILE;
    const result = await runCli(["workspace", "list"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("NAHOOK_ENCRYPTION_KEY is not set");
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    const bad = await runCli(["workspace", "list"], { ...env, NAHOOK_ENCRYPTION_KEY: "too-short" });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("NAHOOK_ENCRYPTION_KEY must be 32 random bytes");
  });

  test("encryption rotate re-encrypts every row under the new key while the server keeps serving", async ({ mgmt }) => {
    const before = await (await mgmt.post("/endpoints", { url: "https://example.com/rot", authUsername: "u", authPassword: "rotate-me" })).json();
    const oldKid = keyId(parseKey(process.env.NAHOOK_ENCRYPTION_KEY!));
    const newKey = process.env.NAHOOK_TEST_NEXT_KEY!;
    const newKid = keyId(parseKey(newKey));
    expect((await db.endpoint.findUniqueOrThrow({ where: { id: before.id } })).secret.split(":")[1]).toBe(oldKid);

    // The server already holds the new key for decryption (NAHOOK_ENCRYPTION_KEYS_OLD): step 1 of the procedure.
    const result = await runCli(["encryption", "rotate"], { ...process.env, NAHOOK_ENCRYPTION_KEY: newKey, NAHOOK_ENCRYPTION_KEYS_OLD: process.env.NAHOOK_ENCRYPTION_KEY });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { keyId: string; rewritten: number; remaining: number };
    expect(summary.keyId).toBe(newKid);
    expect(summary.rewritten).toBeGreaterThanOrEqual(1);

    const row = await db.endpoint.findUniqueOrThrow({ where: { id: before.id } });
    expect(row.secret.split(":")[1]).toBe(newKid);
    expect(row.authPassword!.split(":")[1]).toBe(newKid);
    // The running server reads the re-encrypted row.
    expect((await (await mgmt.get(`/endpoints/${before.id}`)).json()).secret).toBe(before.secret);
  });
  // The key file of the embedded default and the keyring itself: lib/crypto/keyring.test.ts.
});
