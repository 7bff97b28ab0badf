import { sealData, unsealData } from "iron-session";
import { ApiError } from "@/lib/http/errors";
import { cursorSecret } from "@/lib/settings/system-secret";

/**
 * Opaque keyset cursors: the position (createdAt, id) plus the list it belongs to, sealed with
 * iron (AES-256-CBC + HMAC-SHA-256, the same sealing as the portal's session cookie). Clients
 * cannot read or forge them; a tampered cursor, one from another list, or one sealed under a
 * rotated secret is a 400 invalid_cursor.
 */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

interface SealedCursor {
  /** The list the cursor was issued for (workspace, endpoint or application, filters). */
  s: string;
  t: number;
  i: string;
}

/** Far above any cursor we issue; longer input is refused before any crypto runs. */
const MAX_CURSOR_LENGTH = 2048;

export async function sealCursor(position: CursorPosition, scope: string): Promise<string> {
  const data: SealedCursor = { s: scope, t: position.createdAt.getTime(), i: position.id };
  // ttl 0: a cursor does not expire; retention already bounds what it can point at.
  return sealData(data, { password: await cursorSecret(), ttl: 0 });
}

export async function openCursor(cursor: string, scope: string): Promise<CursorPosition> {
  const invalid = new ApiError("invalid_cursor", "The cursor is invalid or has expired; start again without a cursor");
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid;
  let data: Partial<SealedCursor>;
  try {
    data = await unsealData<Partial<SealedCursor>>(cursor, { password: await cursorSecret(), ttl: 0 });
  } catch {
    throw invalid;
  }
  // unsealData answers {} (not an error) for a seal it cannot open.
  if (data.s !== scope || typeof data.t !== "number" || typeof data.i !== "string") throw invalid;
  return { createdAt: new Date(data.t), id: data.i };
}
