import { z } from "zod";
import { PAID_PLANS } from "@/lib/auth/plans";
import { defineOperation } from "../operation";
import { LIMITS, metadataSchema, timestamp } from "../schemas";
import { ApplicationParams } from "./applications";

export const PORTAL_ROLES = ["admin", "editor", "viewer"] as const;

export const CreatePortalSessionBody = z.object({
  role: z.enum(PORTAL_ROLES, { error: "must be one of admin, editor, viewer" }).default("editor"),
  expiresInMinutes: z
    .number({ error: "must be an integer" })
    .int("must be an integer")
    .min(1, "must be between 1 and 60")
    .max(60, "must be between 1 and 60")
    .default(60),
  metadata: metadataSchema(LIMITS.portalMetadataKeys).optional(),
});

export const PortalSessionSchema = z.object({
  url: z.string().describe("One-time portal link (`…/s/{code}`); valid 5 minutes, single use"),
  portalUrl: z.string().describe("Same value as `url` (both names are used by SDKs and docs)"),
  code: z.string().describe("The one-time code embedded in the link"),
  expiresAt: timestamp.describe("When the portal session made from this link ends"),
});

export const createPortalSessionOp = defineOperation({
  id: "P1", method: "POST", path: "/applications/{appId}/portal", tag: "Portal sessions", plans: PAID_PLANS, status: 201,
  summary: "Mint a one-time Developer Portal link for an application",
  params: ApplicationParams, body: CreatePortalSessionBody, response: PortalSessionSchema,
});
