import { config, ConfigError } from "../../lib/config";

/** Start-up check for every entry point: a bad setting stops the process with its name, before any work. */
export function checkConfigOrExit(log: (line: string) => void = console.error): void {
  try {
    config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log(error.message);
    process.exit(2);
  }
}
