import { jsonDepthExceeds } from "@/lib/json/depth";

/**
 * What the portal shows of a stored payload. Pretty-printing multiplies a payload's size by its
 * nesting (every line below level n carries 2n spaces), so only small, shallow payloads are
 * pretty-printed; anything else is shown as the stored compact JSON, cut at a fixed size, with a
 * download link for the whole thing. The page's cost is bounded whatever a producer sent.
 */

/** Stored payloads up to this size (UTF-16 units of the compact JSON) may be pretty-printed… */
export const PRETTY_MAX_CHARS = 16 * 1024;
/** …when they nest at most this deep… */
export const PRETTY_MAX_DEPTH = 16;
/** …and the pretty text stays under this. */
const PRETTY_MAX_OUTPUT = 64 * 1024;
/** Compact text shown inline; the rest is behind the download link. */
export const INLINE_MAX_CHARS = 16 * 1024;

export interface PayloadView {
  text: string;
  pretty: boolean;
  /** The text is a prefix of the payload; download it for the rest. */
  truncated: boolean;
  /** Size of the stored payload, in bytes. */
  bytes: number;
}

export function payloadView(stored: string): PayloadView {
  const bytes = Buffer.byteLength(stored, "utf8");
  if (stored.length <= PRETTY_MAX_CHARS && !jsonDepthExceeds(stored, PRETTY_MAX_DEPTH)) {
    try {
      const pretty = JSON.stringify(JSON.parse(stored), null, 2);
      if (pretty.length <= PRETTY_MAX_OUTPUT) return { text: pretty, pretty: true, truncated: false, bytes };
    } catch {
      // Not JSON (never stored by us, but be safe): show it as it is below.
    }
  }
  if (stored.length <= INLINE_MAX_CHARS) return { text: stored, pretty: false, truncated: false, bytes };
  let end = INLINE_MAX_CHARS;
  // Do not split a surrogate pair.
  const code = stored.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: stored.slice(0, end), pretty: false, truncated: true, bytes };
}
