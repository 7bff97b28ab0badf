// Operator CLI. JSON results on stdout (pipe-friendly with `npm run --silent nahook -- …`),
// logs and errors on stderr.
import { parseArgs } from "node:util";
import { z } from "zod";
import { config, requireDatabaseUrl } from "../lib/config";
import { ensureMigratedDatabase } from "../lib/db/bootstrap";
import { UpdatePortalSettingsBody } from "../lib/api/management/portal-settings";
import { CLI_ACTOR } from "../lib/audit/record";
import { db, disconnectDb } from "../lib/db/client";
import { prependKeyToFile } from "../lib/crypto/key-file";
import { generateKey, keyring } from "../lib/crypto/keyring";
import { rotateCredentials } from "../lib/crypto/reencrypt";
import { getPortalSettings, updatePortalSettings } from "../lib/portal-settings/settings";
import * as ws from "../lib/workspaces/workspaces";
import { checkConfigOrExit } from "./lib/config-check";

const USAGE = `usage: npm run nahook -- <command> [options]

  workspace create --name <name> [--plan free|pro|enterprise]
  workspace list
  workspace set-plan --workspace <ws_…> --plan free|pro|enterprise
  token create --workspace <ws_…> [--name <name>] [--expires-in-days <n>]
  token list --workspace <ws_…>
  token disable --id <tok_…>
  key create --workspace <ws_…> [--environment <env_…>] [--name <name>]
  key list --workspace <ws_…>
  key disable --id <key_…>
  portal-settings get --workspace <ws_…>
  portal-settings set --workspace <ws_…> [--allowed-origins <origin,origin|"">] [--display-name <name|"">]
      [--logo-url <https url|"">] [--primary-color <#hex|"">] [--color-scheme light|dark|auto] [--hide-footer true|false]
      (an empty value clears a setting)
  encryption rotate`;

const plan = z.enum(["free", "pro", "enterprise"], { error: "--plan must be free, pro or enterprise" });

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" }, plan: { type: "string" }, workspace: { type: "string" }, id: { type: "string" },
    environment: { type: "string" }, "expires-in-days": { type: "string" }, help: { type: "boolean", short: "h" },
    "allowed-origins": { type: "string" }, "display-name": { type: "string" }, "logo-url": { type: "string" },
    "primary-color": { type: "string" }, "color-scheme": { type: "string" }, "hide-footer": { type: "string" },
  },
});
const [group, verb] = positionals;
if (values.help || !group) fail(USAGE);
const need = (name: keyof typeof values) => (values[name] as string | undefined) ?? fail(`--${name} is required\n\n${USAGE}`);

/** The same body P3 takes, from flags: only the flags given are changed; "" clears. */
function portalSettingsInput() {
  const text = (name: keyof typeof values) => {
    const value = values[name] as string | undefined;
    return value === undefined ? undefined : value === "" ? null : value;
  };
  const origins = values["allowed-origins"];
  const hideFooter = values["hide-footer"];
  const branding = Object.fromEntries(
    Object.entries({
      displayName: text("display-name"), logoUrl: text("logo-url"), primaryColor: text("primary-color"),
      colorScheme: values["color-scheme"], hideFooter: hideFooter === undefined ? undefined : hideFooter === "true" ? true : hideFooter === "false" ? false : hideFooter,
    }).filter(([, value]) => value !== undefined),
  );
  return {
    ...(origins === undefined ? {} : { embedding: { allowedOrigins: origins.split(",").map((o) => o.trim()).filter(Boolean) } }),
    ...(Object.keys(branding).length ? { branding } : {}),
  };
}

async function run(): Promise<unknown> {
  switch (`${group} ${verb ?? ""}`.trim()) {
    case "workspace create":
      return ws.createWorkspace({ name: need("name"), plan: plan.parse(values.plan ?? "free") });
    case "workspace list":
      return ws.listWorkspaces();
    case "workspace set-plan":
      return ws.setWorkspacePlan({ workspaceId: need("workspace"), plan: plan.parse(need("plan")) });
    case "token create": {
      const days = values["expires-in-days"] ? z.coerce.number().int().positive().parse(values["expires-in-days"]) : undefined;
      return ws.createManagementToken({ workspaceId: need("workspace"), name: values.name ?? "cli", expiresInDays: days });
    }
    case "token list":
      return ws.listManagementTokens({ workspaceId: need("workspace") });
    case "token disable":
      return ws.disableManagementToken(need("id"));
    case "key create":
      return ws.createIngestionKey({ workspaceId: need("workspace"), environmentId: values.environment, name: values.name ?? "cli" });
    case "key list":
      return ws.listIngestionKeys({ workspaceId: need("workspace") });
    case "key disable":
      return ws.disableIngestionKey(need("id"));
    case "encryption rotate": {
      // Key file (embedded default): a new current key on its first line; the old ones stay for
      // decryption, and running processes re-read the file when they meet the new key id.
      // NAHOOK_ENCRYPTION_KEY: the operator already made the new key current (see README).
      const { key, keyFile } = config().encryption;
      if (!key && keyFile) {
        prependKeyToFile(keyFile, generateKey());
        keyring({ reload: true });
      }
      return rotateCredentials(requireDatabaseUrl());
    }
    case "portal-settings get":
      await db.workspace.findUniqueOrThrow({ where: { id: need("workspace") } });
      return getPortalSettings({ workspaceId: need("workspace") });
    case "portal-settings set": {
      const workspace = await db.workspace.findUniqueOrThrow({ where: { id: need("workspace") } });
      const input = UpdatePortalSettingsBody.parse(portalSettingsInput());
      return updatePortalSettings({ workspace, actor: CLI_ACTOR, input });
    }
    default:
      return fail(`unknown command: ${positionals.join(" ")}\n\n${USAGE}`);
  }
}

checkConfigOrExit();
let database: Awaited<ReturnType<typeof ensureMigratedDatabase>>;
try {
  database = await ensureMigratedDatabase((line) => console.error(line));
} catch (error) {
  // e.g. DATABASE_URL without NAHOOK_ENCRYPTION_KEY: one clear line, no stack.
  fail(error instanceof Error ? error.message : String(error));
}
let code = 0;
try {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
} catch (error) {
  const prismaCode = (error as { code?: string }).code;
  if (error instanceof z.ZodError) console.error(error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("\n"));
  else if (prismaCode === "P2025" || prismaCode === "P2003") console.error("not found: check the ids you passed");
  else console.error(error instanceof Error ? error.message : String(error));
  code = 1;
} finally {
  await disconnectDb();
  await database.stop();
}
process.exit(code);
