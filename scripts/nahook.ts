// Operator CLI. JSON results on stdout (pipe-friendly with `npm run --silent nahook -- …`),
// logs and errors on stderr.
import { parseArgs } from "node:util";
import { z } from "zod";
import { ensureMigratedDatabase } from "../lib/db/bootstrap";
import { disconnectDb } from "../lib/db/client";
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
  key disable --id <key_…>`;

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
  },
});
const [group, verb] = positionals;
if (values.help || !group) fail(USAGE);
const need = (name: keyof typeof values) => (values[name] as string | undefined) ?? fail(`--${name} is required\n\n${USAGE}`);

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
    default:
      return fail(`unknown command: ${positionals.join(" ")}\n\n${USAGE}`);
  }
}

checkConfigOrExit();
const database = await ensureMigratedDatabase((line) => console.error(line));
let code = 0;
try {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
} catch (error) {
  const prismaCode = (error as { code?: string }).code;
  if (error instanceof z.ZodError) console.error(error.issues.map((i) => i.message).join("\n"));
  else if (prismaCode === "P2025" || prismaCode === "P2003") console.error("not found: check the ids you passed");
  else console.error(error instanceof Error ? error.message : String(error));
  code = 1;
} finally {
  await disconnectDb();
  await database.stop();
}
process.exit(code);
