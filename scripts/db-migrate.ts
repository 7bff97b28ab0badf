// Applies pending migrations to DATABASE_URL, or to the embedded server when it is unset.
import { ensureMigratedDatabase } from "../lib/db/bootstrap";
import { checkConfigOrExit } from "./lib/config-check";

checkConfigOrExit();

const db = await ensureMigratedDatabase((line) => console.error(line));
console.error("database is up to date");
await db.stop();
process.exit(0);
