import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config, useEncryptionKeyFile } from "@/lib/config";
import { generateKey, keyring } from "./keyring";

/**
 * Makes sure this process has an encryption key before it touches the database.
 * - `NAHOOK_ENCRYPTION_KEY` set: used as it is.
 * - The zero-config embedded database: a key file next to it (`<data dir>/encryption.key`,
 *   mode 0600), created on first start, with a warning, since whoever copies the data folder
 *   copies the key too. Child processes find it through NAHOOK_ENCRYPTION_KEY_FILE.
 * - Your own DATABASE_URL and no key: refuse to start. A key kept with the data protects
 *   nothing against a dump of it, and a generated one would be lost with the machine.
 */
export function ensureEncryptionKey(opts: { embedded: boolean; dataDir: string; log: (line: string) => void }): void {
  const { key, keyFile } = config().encryption;
  if (key) {
    keyring(); // validates it now, with a clear message, rather than on the first delivery
    return;
  }
  if (!opts.embedded && !keyFile) {
    throw new Error(
      "NAHOOK_ENCRYPTION_KEY is not set. With DATABASE_URL set, Nahook needs a deployment key to encrypt endpoint secrets " +
        "and passwords; it is never stored in the database. Generate one with `openssl rand -base64 32`, keep it in your " +
        "secret store and set NAHOOK_ENCRYPTION_KEY on every web and worker process.",
    );
  }
  const file = keyFile ?? path.join(opts.dataDir, "encryption.key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${generateKey()}\n`, { mode: 0o600, flag: "wx" });
    opts.log(`generated an encryption key for endpoint secrets in ${file}`);
  }
  chmodSync(file, 0o600);
  useEncryptionKeyFile(file);
  keyring();
  opts.log(
    `warning: endpoint secrets are encrypted with the key file ${file}. Back it up with the data folder's owner in mind; ` +
      "for production set NAHOOK_ENCRYPTION_KEY from a secret store instead.",
  );
}

/** Key-file rotation: a new current key on the first line, the others kept for decryption. */
export function prependKeyToFile(file: string, key: string): void {
  const rest = readFileSync(file, "utf8");
  writeFileSync(file, `${key}\n${rest}`, { mode: 0o600 });
}
