"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "./ui";

export interface NavItem {
  href: string;
  label: string;
  /** A shorter label for phones, where four full labels do not fit side by side. */
  short?: string;
  /** Path prefixes that also mark the tab as current. */
  match: string[];
}

export function PortalNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const isCurrent = (item: NavItem) => item.match.some((m) => (m === "/portal" ? pathname === "/portal" : pathname === m || pathname.startsWith(`${m}/`)));
  return (
    <nav aria-label="Portal" className="-mb-px flex gap-1 overflow-x-auto">
      {items.map((item) => {
        const current = isCurrent(item);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={cx(
              "border-b-2 px-2 py-2.5 text-sm font-medium whitespace-nowrap sm:px-3 transition-colors focus-visible:outline-2 focus-visible:outline-indigo-500",
              current ? "border-primary text-primary-text" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
            )}
          >
            {item.short ? (
              <>
                <span className="sm:hidden">{item.short}</span>
                <span className="hidden sm:inline">{item.label}</span>
              </>
            ) : item.label}
          </Link>
        );
      })}
    </nav>
  );
}
