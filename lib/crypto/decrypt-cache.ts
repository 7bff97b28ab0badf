/**
 * A bounded memo for decrypting stored credentials. Keyed by the stored value itself: it holds
 * its own IV and key id, so a rotated secret or a re-encrypted row is a different key and never
 * answered from an older entry, and an identical stored value always decrypts to the same text.
 * The claim reads an endpoint's credentials with every delivery; an AES-GCM decryption each
 * time was ~5 % of the worker's CPU in a fan-out drain, for the same few values.
 *
 * Entries are evicted oldest-first past `max` (a Map keeps insertion order; a hit moves the
 * entry to the back), so a worker serving many endpoints holds at most `max` clear values.
 * A decryption that throws is not cached.
 */
export function memoizeDecrypt(decrypt: (stored: string) => string, max = 1024): (stored: string) => string {
  const cache = new Map<string, string>();
  return (stored) => {
    const hit = cache.get(stored);
    if (hit !== undefined) {
      cache.delete(stored);
      cache.set(stored, hit);
      return hit;
    }
    const plain = decrypt(stored);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(stored, plain);
    return plain;
  };
}
