import { z } from "zod";
import { PAID_PLANS } from "@/lib/auth/plans";
import { HEX_COLOR, normalizeHex } from "@/lib/portal-settings/color";
import { MAX_FRAME_ORIGINS, normalizeFrameOrigin } from "@/lib/portal-settings/origins";
import { defineOperation } from "../operation";
import { LIMITS, resourceId, timestamp } from "../schemas";
import { ApplicationParams } from "./applications";

export const COLOR_SCHEMES = ["light", "dark", "auto"] as const;
export const DISPLAY_NAME_LENGTH = 100;

const displayName = z.string().trim().min(1, "must not be empty").max(DISPLAY_NAME_LENGTH, `must be at most ${DISPLAY_NAME_LENGTH} characters`);

/** https only, no credentials: the browser fetches it, never the server (no SSRF, no proxying). */
const logoUrl = z
  .string()
  .max(LIMITS.urlLength, `must be at most ${LIMITS.urlLength} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return void ctx.addIssue({ code: "custom", message: "must be an absolute https URL" });
    }
    if (url.protocol !== "https:") ctx.addIssue({ code: "custom", message: "must use https" });
    else if (url.username || url.password) ctx.addIssue({ code: "custom", message: "must not contain credentials" });
  })
  .meta({ format: "uri" });

const primaryColor = z
  .string()
  .regex(HEX_COLOR, "must be a hex colour such as #4f46e5")
  .transform(normalizeHex)
  .describe("Hex colour (#rgb or #rrggbb), stored as #rrggbb");

const colorScheme = z.enum(COLOR_SCHEMES, { error: "must be one of light, dark, auto" });

const frameOrigin = z.string().max(LIMITS.urlLength).transform((value, ctx) => {
  const result = normalizeFrameOrigin(value);
  if ("error" in result) {
    ctx.addIssue({ code: "custom", message: result.error });
    return z.NEVER;
  }
  return result.origin;
});

export const BrandingSchema = z.object({
  displayName: z.string().nullable().describe("Shown in the portal's header and tab title; null = the application's name only"),
  logoUrl: z.string().nullable().describe("https image shown in the header instead of the initial"),
  primaryColor: z.string().nullable().describe("#rrggbb; null = Nahook's indigo"),
  colorScheme: z.enum(COLOR_SCHEMES).describe("light, dark, or auto (follows the reader's system setting)"),
  hideFooter: z.boolean().describe("Hide the \"Webhooks delivered by Nahook\" footer (Pro and Enterprise)"),
  buttonTextColor: z.string().nullable().describe("Computed: the label colour used on primary buttons (white, or black when white would not be readable)"),
}).meta({ id: "PortalBranding" });

export const PortalSettingsSchema = z.object({
  embedding: z.object({
    allowedOrigins: z.array(z.string()).describe("Origins allowed to frame the portal (CSP frame-ancestors); empty = framing refused"),
  }),
  branding: BrandingSchema,
  updatedAt: timestamp.nullable(),
}).meta({ id: "PortalSettings" });

export const UpdatePortalSettingsBody = z.object({
  embedding: z.object({
    allowedOrigins: z
      .array(frameOrigin, { error: "must be an array of origins" })
      .max(MAX_FRAME_ORIGINS, `must list at most ${MAX_FRAME_ORIGINS} origins`)
      .transform((list) => [...new Set(list)]),
  }, { error: "must be an object" }).optional(),
  branding: z.object({
    displayName: displayName.nullable().optional(),
    logoUrl: logoUrl.nullable().optional(),
    primaryColor: primaryColor.nullable().optional(),
    colorScheme: colorScheme.optional(),
    hideFooter: z.boolean({ error: "must be a boolean" }).optional(),
  }, { error: "must be an object" }).optional(),
}).refine((body) => body.embedding !== undefined || body.branding !== undefined, "must contain embedding or branding (nothing to change)");

export const ApplicationPortalSettingsSchema = z.object({
  applicationId: z.string(),
  branding: z.object({
    displayName: z.string().nullable(),
    logoUrl: z.string().nullable(),
    primaryColor: z.string().nullable(),
    colorScheme: z.enum(COLOR_SCHEMES).nullable(),
    hideFooter: z.boolean().nullable(),
  }).describe("This application's override; null fields inherit the workspace's branding"),
  effectiveBranding: BrandingSchema.describe("What the application's portal shows"),
  updatedAt: timestamp.nullable(),
}).meta({ id: "ApplicationPortalSettings" });

export const UpdateApplicationPortalSettingsBody = z.object({
  branding: z.object({
    displayName: displayName.nullable().optional(),
    logoUrl: logoUrl.nullable().optional(),
    primaryColor: primaryColor.nullable().optional(),
    colorScheme: colorScheme.nullable().optional(),
    hideFooter: z.boolean({ error: "must be a boolean or null" }).nullable().optional(),
  }, { error: "must be an object" }),
});

const WorkspaceParams = z.object({ workspaceId: resourceId });
const tag = "Portal settings";

export const getPortalSettingsOp = defineOperation({
  id: "P2", method: "GET", path: "/portal-settings", tag, status: 200,
  summary: "Get the Developer Portal's embedding and branding settings",
  params: WorkspaceParams, response: PortalSettingsSchema,
});
export const updatePortalSettingsOp = defineOperation({
  id: "P3", method: "PATCH", path: "/portal-settings", tag, status: 200,
  summary: "Update the portal's allowed frame origins and branding (omitted fields unchanged)",
  params: WorkspaceParams, body: UpdatePortalSettingsBody, response: PortalSettingsSchema, errors: ["plan_required"],
});
export const getApplicationPortalSettingsOp = defineOperation({
  id: "P4", method: "GET", path: "/applications/{appId}/portal-settings", tag, plans: PAID_PLANS, status: 200,
  summary: "Get an application's branding override and the branding its portal shows",
  params: ApplicationParams, response: ApplicationPortalSettingsSchema,
});
export const updateApplicationPortalSettingsOp = defineOperation({
  id: "P5", method: "PATCH", path: "/applications/{appId}/portal-settings", tag, plans: PAID_PLANS, status: 200,
  summary: "Override branding for one application (null = inherit the workspace's value)",
  params: ApplicationParams, body: UpdateApplicationPortalSettingsBody, response: ApplicationPortalSettingsSchema,
});
export const deleteApplicationPortalSettingsOp = defineOperation({
  id: "P6", method: "DELETE", path: "/applications/{appId}/portal-settings", tag, plans: PAID_PLANS, status: 204,
  summary: "Remove an application's branding override (it inherits the workspace's again)",
  params: ApplicationParams,
});
