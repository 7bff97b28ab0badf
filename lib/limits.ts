/**
 * Size limits of the things customers and operators store. Pure data: the API schemas, the
 * portal's forms (in the browser too) and the domains read them from here. Documented in the README.
 */
export const LIMITS = {
  nameLength: 255,
  descriptionLength: 1000,
  urlLength: 2048,
  externalIdLength: 255,
  metadataKeyLength: 50,
  metadataValueLength: 500,
  applicationMetadataKeys: 5,
  endpointMetadataKeys: 5,
  portalMetadataKeys: 10,
  idempotencyKeyLength: 255,
  eventTypeNameLength: 128,
} as const;

export const ENVIRONMENT_LIMITS = {
  perWorkspace: 10,
  slugLength: 64,
} as const;

/** Audit log entries per page (L1). */
export const AUDIT_PAGE_SIZE = 50;
