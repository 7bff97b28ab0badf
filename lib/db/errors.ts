/**
 * A unique-constraint violation, whichever client raised it: Prisma reports P2002, plain `pg`
 * reports SQLSTATE 23505. Domains turn it into their own conflict message.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "P2002" || code === "23505";
}

/**
 * A foreign-key violation: Prisma reports P2003, plain `pg` SQLSTATE 23503. With `constraint`,
 * only that one (plain `pg` names it).
 */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  if (constraint !== undefined) return e?.code === "23503" && e.constraint === constraint;
  return e?.code === "P2003" || e?.code === "23503";
}
