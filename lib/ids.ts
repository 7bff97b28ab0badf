import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lowercase

/**
 * Random bytes are drawn from a pooled buffer: one randomBytes call per 256 ids instead of one
 * each (an id is minted per attempt; the call's own overhead was most of newId's cost). Every
 * byte is used once.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Public identifiers: `<prefix>_` + 10 characters of millisecond time + 16 random characters.
 * Time-ordered, so ids sort like their creation time and break ties in newest-first lists.
 */
export function newId(prefix: string): string {
  let time = Date.now();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  if (offset + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  let tail = "";
  for (let i = offset; i < offset + 16; i++) tail += ALPHABET[pool[i] % 32];
  offset += 16;
  return `${prefix}_${head}${tail}`;
}
