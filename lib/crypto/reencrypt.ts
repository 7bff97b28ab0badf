import pg from "pg";
import { decryptNullable, encryptCredential, isEncrypted, keyring, storedKeyId } from "./keyring";

/**
 * Rewrites endpoint credentials (secret, previousSecret, authPassword) under the current key:
 * the start-up data migration (plain rows only) and `nahook encryption rotate` (every row not
 * under the current key). Row by row with a compare-and-set on the old values, so it runs while
 * the service reads and writes the same rows: a row changed meanwhile is simply picked up by the
 * next pass, and nothing ever holds a lock for long.
 */

type Row = { id: string; secret: string; previousSecret: string | null; authPassword: string | null };
const COLUMNS = ["secret", "previousSecret", "authPassword"] as const;
const BATCH = 200;
const MAX_PASSES = 50;

async function rewrite(url: string, needs: (value: string) => boolean, whereSql: string, params: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let done = 0;
  try {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let after = "";
      let changedThisPass = 0;
      let seen = 0;
      for (;;) {
        const { rows } = await client.query<Row>(
          `SELECT id, secret, "previousSecret", "authPassword" FROM endpoints WHERE id > $1 AND (${whereSql}) ORDER BY id LIMIT ${BATCH}`,
          [after, ...params],
        );
        if (rows.length === 0) break;
        seen += rows.length;
        for (const row of rows) {
          const next = { ...row };
          for (const column of COLUMNS) {
            const value = row[column];
            if (value !== null && needs(value)) next[column] = encryptCredential(decryptNullable(value)!);
          }
          const { rowCount } = await client.query(
            `UPDATE endpoints SET secret = $2, "previousSecret" = $3, "authPassword" = $4
             WHERE id = $1 AND secret = $5 AND "previousSecret" IS NOT DISTINCT FROM $6 AND "authPassword" IS NOT DISTINCT FROM $7`,
            [row.id, next.secret, next.previousSecret, next.authPassword, row.secret, row.previousSecret, row.authPassword],
          );
          changedThisPass += rowCount ?? 0;
        }
        after = rows[rows.length - 1].id;
      }
      done += changedThisPass;
      if (seen === 0) break;
    }
  } finally {
    await client.end().catch(() => {});
  }
  return done;
}

/** Start-up data migration: encrypts values stored in plain text. Returns the rows changed. */
export function encryptLegacyCredentials(url: string): Promise<number> {
  keyring();
  return rewrite(
    url,
    (value) => !isEncrypted(value),
    `secret NOT LIKE 'v1:%' OR "previousSecret" NOT LIKE 'v1:%' OR "authPassword" NOT LIKE 'v1:%'`,
    [],
  );
}

/** Re-encrypts every credential not under the current key. Returns the rows changed and what is left. */
export async function rotateCredentials(url: string): Promise<{ keyId: string; rewritten: number; remaining: number }> {
  const { current } = keyring();
  const prefix = `v1:${current.id}:%`;
  const where = `secret NOT LIKE $2 OR "previousSecret" NOT LIKE $2 OR "authPassword" NOT LIKE $2`;
  const rewritten = await rewrite(url, (value) => storedKeyId(value) !== current.id, where, [prefix]);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM endpoints WHERE ${where.replaceAll("$2", "$1")}`, [prefix]);
    return { keyId: current.id, rewritten, remaining: rows[0].n };
  } finally {
    await client.end().catch(() => {});
  }
}
