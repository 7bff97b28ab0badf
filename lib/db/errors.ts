/**
 * A unique-constraint violation, whichever client raised it: Prisma reports P2002, plain `pg`
 * reports SQLSTATE 23505. Domains turn it into their own conflict message.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "P2002" || code === "23505";
}
