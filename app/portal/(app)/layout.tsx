import type { Metadata } from "next";
import { cache, type CSSProperties } from "react";
import type { NavItem } from "@/components/portal/nav";
import { PortalHeader } from "@/components/portal/portal-header";
import { ToastProvider } from "@/components/portal/toast";
import { PORTAL_ICON } from "@/lib/portal/icon";
import { loadPortal, requirePortalPage } from "@/lib/portal/session";
import { brandTheme } from "@/lib/portal-settings/branding";
import { portalBrandingFor } from "@/lib/portal-settings/settings";

// Metadata and the layout share one lookup per request.
const brandingFor = cache(portalBrandingFor);

export async function generateMetadata(): Promise<Metadata> {
  const ctx = await loadPortal();
  const branding = ctx ? await brandingFor(ctx.workspaceId, ctx.applicationId) : null;
  // A branded portal's tab names the operator, not Nahook (absolute: skips the root template).
  // A page's own title ("Endpoint", "Delivery") also names the application, so several tabs of
  // one portal, or of two customers' portals, can be told apart.
  const brand = branding?.displayName ?? "Nahook";
  const title = { absolute: `Developer Portal · ${brand}`, ...(ctx ? { template: `%s · ${ctx.applicationName} · ${brand}` } : {}) };
  return { title, robots: { index: false, follow: false }, icons: { icon: PORTAL_ICON } };
}

// The shell only; every page below checks the session and its own permission itself.
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePortalPage();
  const branding = await brandingFor(ctx.workspaceId, ctx.applicationId);
  // Brand colours are inline variables on the root element, in the server's HTML: the first
  // paint already has them (no flash of Nahook's indigo).
  const theme = brandTheme(branding.primaryColor);
  const nav: NavItem[] = [
    { href: "/portal", label: "Endpoints", match: ["/portal", "/portal/endpoints"] },
    ...(ctx.showEventTypes ? [{ href: "/portal/event-types", label: "Event catalog", short: "Catalog", match: ["/portal/event-types"] }] : []),
    { href: "/portal/deliveries", label: "Deliveries", match: ["/portal/deliveries"] },
    { href: "/portal/activity", label: "Activity", match: ["/portal/activity"] },
  ];
  return (
    <div data-portal-theme="" data-brand={theme ? "" : undefined} data-scheme={branding.colorScheme} style={theme?.style as CSSProperties | undefined} className="bg-slate-50 text-slate-900">
      <ToastProvider>
        <div className="flex min-h-screen flex-col">
          <a href="#content" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-primary-text shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">
            Skip to content
          </a>
          <PortalHeader
            applicationName={ctx.applicationName}
            displayName={branding.displayName}
            logoUrl={branding.logoUrl}
            role={ctx.role}
            expiresAt={ctx.expiresAt.toISOString()}
            nav={nav}
          />
          <main id="content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">{children}</main>
          {!branding.hideFooter && (
            <footer className="mx-auto w-full max-w-6xl px-4 pb-6 text-xs text-slate-500 sm:px-6" data-testid="nahook-footer">
              Webhooks delivered by Nahook · Standard Webhooks signatures
            </footer>
          )}
        </div>
      </ToastProvider>
    </div>
  );
}
