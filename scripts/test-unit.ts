// `npm run test:unit`: the unit tests beside the modules they check (lib/**/*.test.ts,
// components/**/*.test.ts), with node's test runner. No server, no database; a few seconds.
// Extra arguments go to `node --test`, e.g. `npm run test:unit -- --test-name-pattern=signing`.
import { runUnitTests } from "./lib/unit-tests";

process.exit(await runUnitTests(process.argv.slice(2)));
