import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate` (see scripts/prisma-generate.mjs); migrations run
// through the WebAssembly schema engine in lib/db/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
