import type { Metadata } from "next";
import type { NavItem } from "@/components/portal/nav";
import { PortalHeader } from "@/components/portal/portal-header";
import { ToastProvider } from "@/components/portal/toast";
import { PORTAL_ICON } from "@/lib/portal/icon";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata: Metadata = { title: "Developer Portal", robots: { index: false, follow: false }, icons: { icon: PORTAL_ICON } };

// The shell only; every page below checks the session and its own permission itself.
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePortalPage();
  const nav: NavItem[] = [
    { href: "/portal", label: "Endpoints", match: ["/portal", "/portal/endpoints"] },
    ...(ctx.showEventTypes ? [{ href: "/portal/event-types", label: "Event catalog", match: ["/portal/event-types"] }] : []),
    { href: "/portal/deliveries", label: "Deliveries", match: ["/portal/deliveries"] },
    { href: "/portal/activity", label: "Activity", match: ["/portal/activity"] },
  ];
  return (
    <ToastProvider>
      <div className="flex min-h-screen flex-col">
        <a href="#content" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">
          Skip to content
        </a>
        <PortalHeader applicationName={ctx.applicationName} role={ctx.role} expiresAt={ctx.expiresAt.toISOString()} nav={nav} />
        <main id="content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">{children}</main>
        <footer className="mx-auto w-full max-w-6xl px-4 pb-6 text-xs text-slate-400 sm:px-6">Webhooks delivered by Nahook · Standard Webhooks signatures</footer>
      </div>
    </ToastProvider>
  );
}
