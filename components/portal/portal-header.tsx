import { BrandMark } from "./brand-mark";
import { LogOutIcon } from "./icons";
import { PortalNav, type NavItem } from "./nav";
import { SessionTimer } from "./session-timer";
import { RoleBadge } from "./ui";

/** The portal's top bar: whose portal this is, the reader's role, when the session ends, sign-out. */
export function PortalHeader({ applicationName, displayName, logoUrl, role, expiresAt, nav }: {
  applicationName: string;
  /** The operator's brand name, when set (portal branding). */
  displayName?: string | null;
  /** An https image chosen by the operator; the reader's browser loads it, without a referrer. */
  logoUrl?: string | null;
  role: string;
  expiresAt: string;
  nav: NavItem[];
}) {
  const initial = (displayName ?? applicationName).trim().charAt(0).toUpperCase() || "?";
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto max-w-6xl px-4 sm:px-6">
        <div className="flex h-16 items-center justify-between gap-3">
          <div className="flex min-w-0 items-center gap-3">
            <BrandMark logoUrl={logoUrl} initial={initial} />
            <div className="min-w-0">
              {/* Two lines before it is cut: on a phone the badge, timer and sign-out leave little room. */}
              <p className="line-clamp-2 text-sm leading-5 font-semibold break-words text-slate-900" title={applicationName} data-testid="application-name">{applicationName}</p>
              <p className="hidden text-xs text-slate-500 sm:block" data-testid="portal-subtitle">{displayName ? `${displayName} · Developer Portal` : "Developer Portal"}</p>
            </div>
          </div>
          <div className="flex shrink-0 items-center gap-1.5 sm:gap-3">
            <span data-testid="role-badge"><RoleBadge role={role} /></span>
            <SessionTimer expiresAt={expiresAt} />
            <form method="post" action="/portal/api/sign-out">
              <button
                type="submit"
                className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500"
              >
                <LogOutIcon className="size-4" />
                <span className="hidden sm:inline">Sign out</span>
                <span className="sr-only sm:hidden">Sign out</span>
              </button>
            </form>
          </div>
        </div>
        <PortalNav items={nav} />
      </div>
    </header>
  );
}
