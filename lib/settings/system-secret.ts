import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";

const cache = new Map<string, Promise<string>>();

/**
 * A process-wide secret (cookie sealing, cursor encryption). An environment variable wins;
 * otherwise it is generated on first use and persisted in the database, so every web and worker
 * process of a deployment shares it and restarts keep sessions and cursors valid.
 */
function systemSecret(name: "session" | "cursor", fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return Promise.resolve(fromEnv);
  let pending = cache.get(name);
  if (!pending) {
    pending = (async () => {
      const key = `secret.${name}`;
      await db.systemSetting.createMany({ data: [{ key, value: randomBytes(32).toString("base64url") }], skipDuplicates: true });
      const row = await db.systemSetting.findUniqueOrThrow({ where: { key } });
      return row.value;
    })();
    pending.catch(() => cache.delete(name));
    cache.set(name, pending);
  }
  return pending;
}

/** iron-session needs at least 32 characters. */
export const sessionSecret = () => systemSecret("session", config().sessionSecret);
export const cursorSecret = () => systemSecret("cursor", config().cursorSecret);
