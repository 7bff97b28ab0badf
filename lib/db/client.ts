import { PrismaPg } from "@prisma/adapter-pg";
import { config, requireDatabaseUrl } from "@/lib/config";
import { PrismaClient } from "./generated/client";

export { Prisma } from "./generated/client";
export type * from "./generated/client";

const globalForPrisma = globalThis as unknown as { nahookPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: requireDatabaseUrl(), max: config().pools.prisma });
  return new PrismaClient({ adapter });
}

/** The one database client of a process; created on first use so imports never need a database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    globalForPrisma.nahookPrisma ??= createClient();
    const value = Reflect.get(globalForPrisma.nahookPrisma, property);
    return typeof value === "function" ? value.bind(globalForPrisma.nahookPrisma) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.nahookPrisma?.$disconnect();
  globalForPrisma.nahookPrisma = undefined;
}
