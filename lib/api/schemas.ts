import { z } from "zod";
import { LIMITS } from "@/lib/limits";

/** Shared building blocks for request and response schemas. Limits are documented in the README. */

export { LIMITS };

/** Resource ids in paths: a prefix, an underscore and a safe tail. Anything else is a 400. */
export const resourceId = z
  .string()
  .min(1, "is required")
  .max(100, "is too long (max 100 characters)")
  .regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, '_' and '-'");

export function metadataSchema(maxKeys: number) {
  return z
    .record(
      z.string().max(LIMITS.metadataKeyLength, `keys must be at most ${LIMITS.metadataKeyLength} characters`).min(1, "keys must not be empty"),
      z.string({ error: "values must be strings" }).max(LIMITS.metadataValueLength, `values must be at most ${LIMITS.metadataValueLength} characters`),
      { error: "must be an object of string values" },
    )
    .refine((value) => Object.keys(value).length <= maxKeys, `exceeds max keys (${maxKeys})`)
    .meta({ maxProperties: maxKeys });
}

export const metadataOut = z.record(z.string(), z.string());

export const nonEmptyName = z.string().trim().min(1, "is required").max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`);
export const description = z.string().max(LIMITS.descriptionLength, `must be at most ${LIMITS.descriptionLength} characters`);

export const EVENT_TYPE_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const eventTypeName = z
  .string()
  .min(1, "is required")
  .max(LIMITS.eventTypeNameLength, `must be at most ${LIMITS.eventTypeNameLength} characters`)
  .regex(EVENT_TYPE_NAME, "must be dot-separated segments of letters, digits, '_' or '-' (e.g. order.created)");

export const timestamp = z.string().describe("ISO-8601 timestamp");

/** The instants PostgreSQL's timestamptz takes as ISO text: it has no year 0000 (JS does). */
const EARLIEST = Date.parse("0001-01-01T00:00:00Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/** A date-time input (filters, windows): ISO-8601 with a time zone, within years 1–9999 in UTC. */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 date-time with a time zone (Z or ±hh:mm), e.g. 2026-01-31T12:00:00Z" })
  .refine((value) => {
    const at = Date.parse(value);
    return at >= EARLIEST && at <= LATEST;
  }, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");

/** Query integers arrive as strings; reject "1.5", "abc", "" with a message naming the field. */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, "must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

export const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
