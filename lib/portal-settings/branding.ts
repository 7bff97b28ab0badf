import type { PortalColorScheme } from "@/lib/db/client";
import { readableAccentOn, readableTextOn } from "./color";

/** What the portal is dressed in, after the application's override is laid over the workspace's. */
export interface Branding {
  displayName: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
  colorScheme: PortalColorScheme;
  hideFooter: boolean;
}

export type BrandingOverride = { [K in keyof Branding]: Branding[K] | null };

export const DEFAULT_BRANDING: Branding = { displayName: null, logoUrl: null, primaryColor: null, colorScheme: "light", hideFooter: false };

/** Surfaces the portal draws text on: cards in the light and in the dark scheme (globals.css). */
const LIGHT_SURFACE = "#ffffff";
const DARK_SURFACE = "#0f172b";

/** Each field of the override wins when set; null means "as the workspace". */
export function mergeBranding(workspace: Branding, override: Partial<BrandingOverride> | null | undefined): Branding {
  const out = { ...workspace };
  if (!override) return out;
  for (const key of Object.keys(DEFAULT_BRANDING) as (keyof Branding)[]) {
    const value = override[key];
    if (value !== null && value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export interface BrandTheme {
  /** CSS custom properties for the portal's root element (server-rendered: no flash of defaults). */
  style: Record<string, string>;
  /** Label colour chosen for buttons filled with the primary colour. */
  buttonTextColor: string;
}

/**
 * The CSS variables a primary colour turns into: the colour itself for fills, a readable label
 * colour for what sits on it, and a link colour that stays readable on light and dark cards.
 */
export function brandTheme(primaryColor: string | null): BrandTheme | null {
  if (!primaryColor) return null;
  const buttonTextColor = readableTextOn(primaryColor);
  return {
    buttonTextColor,
    style: {
      "--color-primary": primaryColor,
      "--color-on-primary": buttonTextColor,
      // globals.css picks one of the two with light-dark() ([data-brand]).
      "--brand-text-light": readableAccentOn(primaryColor, LIGHT_SURFACE),
      "--brand-text-dark": readableAccentOn(primaryColor, DARK_SURFACE),
    },
  };
}
