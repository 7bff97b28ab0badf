import Link from "next/link";
import type { ReactNode } from "react";

/** Presentational building blocks of the portal (no data access, no client state). */

export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}

type Variant = "primary" | "secondary" | "danger" | "ghost";
const VARIANTS: Record<Variant, string> = {
  primary: "bg-primary text-on-primary shadow-sm hover:bg-primary-hover disabled:opacity-50",
  secondary: "border border-slate-300 bg-white text-slate-700 shadow-sm hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-danger text-on-danger shadow-sm hover:bg-rose-500 disabled:bg-rose-300",
  ghost: "text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-300",
};

export function buttonClass(variant: Variant = "secondary", size: "sm" | "md" = "md"): string {
  return cx(
    "inline-flex items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed",
    size === "sm" ? "px-2.5 py-1.5 text-xs" : "px-3.5 py-2 text-sm",
    VARIANTS[variant],
  );
}

export function LinkButton({ href, variant, size, children }: { href: string; variant?: Variant; size?: "sm" | "md"; children: ReactNode }) {
  return (
    <Link href={href} className={buttonClass(variant, size)}>
      {children}
    </Link>
  );
}

export function PageHeader({ title, description, actions, back }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; back?: { href: string; label: string } }) {
  return (
    <div className="mb-6">
      {back && (
        <Link href={back.href} className="mb-3 inline-flex items-center gap-1 text-sm font-medium text-slate-500 hover:text-slate-800">
          <span aria-hidden="true">←</span> {back.label}
        </Link>
      )}
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">{title}</h1>
          {description && <div className="mt-1 text-sm text-slate-500">{description}</div>}
        </div>
        {actions && <div className="flex shrink-0 flex-wrap gap-2">{actions}</div>}
      </div>
    </div>
  );
}

export function Card({ title, description, actions, children, className, bodyClassName }: {
  title?: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; bodyClassName?: string;
}) {
  return (
    <section className={cx("rounded-xl border border-slate-200 bg-white shadow-xs", className)}>
      {(title || actions) && (
        <header className="flex flex-col gap-2 border-b border-slate-100 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-5">
          <div className="min-w-0">
            {title && <h2 className="text-sm font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 flex-wrap gap-2">{actions}</div>}
        </header>
      )}
      <div className={bodyClassName ?? "px-4 py-4 sm:px-5"}>{children}</div>
    </section>
  );
}

type Tone = "green" | "red" | "amber" | "blue" | "slate" | "violet";
const TONES: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-rose-50 text-rose-700 ring-rose-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  blue: "bg-sky-50 text-sky-700 ring-sky-600/20",
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
  violet: "bg-violet-50 text-violet-700 ring-violet-600/20",
};
const DOTS: Record<Tone, string> = {
  green: "bg-emerald-500", red: "bg-rose-500", amber: "bg-amber-500", blue: "bg-sky-500", slate: "bg-slate-400", violet: "bg-violet-500",
};

export function Badge({ tone = "slate", dot, children }: { tone?: Tone; dot?: boolean; children: ReactNode }) {
  return (
    <span className={cx("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", TONES[tone])}>
      {dot && <span className={cx("size-1.5 rounded-full", DOTS[tone])} aria-hidden="true" />}
      {children}
    </span>
  );
}

export const DELIVERY_STATUS_LABELS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "slate" },
  delivering: { label: "Delivering", tone: "blue" },
  delivered: { label: "Delivered", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  scheduled_retry: { label: "Retrying", tone: "amber" },
  dead_letter: { label: "Dead letter", tone: "red" },
};

/**
 * The delivery-history filters' labels, by URL parameter name: the filter form's own labels, and
 * the names a notice uses for filters a link carried that could not be applied. The form looks
 * ids up in one field ("Delivery or message ID"); a link can carry either.
 */
export const DELIVERY_FILTER_LABELS: Record<string, string> = {
  status: "Status", statusClass: "HTTP response", eventType: "Event type", from: "From", to: "To",
  deliveryId: "Delivery ID", messageId: "Message ID",
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  const s = DELIVERY_STATUS_LABELS[status] ?? { label: status, tone: "slate" as Tone };
  return <Badge tone={s.tone} dot>{s.label}</Badge>;
}

export function EndpointStateBadge({ isActive, disabledReason }: { isActive: boolean; disabledReason?: string | null }) {
  if (isActive) return <Badge tone="green" dot>Active</Badge>;
  return <Badge tone={disabledReason ? "red" : "slate"} dot>{disabledReason ? "Disabled by platform" : "Disabled"}</Badge>;
}

const CIRCUIT_LABELS: Record<string, { label: string; tone: Tone }> = {
  open: { label: "Paused: failing", tone: "amber" },
  half_open: { label: "Recovering", tone: "blue" },
};

/** The endpoint's circuit breaker; nothing while deliveries flow normally. */
export function CircuitBadge({ state }: { state: string }) {
  const entry = CIRCUIT_LABELS[state];
  if (!entry) return null;
  return <span data-testid="circuit-badge"><Badge tone={entry.tone} dot>{entry.label}</Badge></span>;
}

export function RoleBadge({ role }: { role: string }) {
  const tone: Tone = role === "admin" ? "violet" : role === "editor" ? "blue" : "slate";
  return <Badge tone={tone}>{role.charAt(0).toUpperCase() + role.slice(1)}</Badge>;
}

/** `page`: the state is the whole page (not allowed, not found), so its title is the page's h1. */
export function EmptyState({ icon, title, children, action, page }: { icon?: ReactNode; title: string; children?: ReactNode; action?: ReactNode; page?: boolean }) {
  const Heading = page ? "h1" : "h3";
  return (
    <div className="flex flex-col items-center px-6 py-12 text-center">
      {icon && <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-500 [&>svg]:size-6">{icon}</div>}
      <Heading className="text-base font-semibold text-slate-900">{title}</Heading>
      {children && <div className="mt-1 max-w-md text-sm text-slate-500">{children}</div>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

/** Term/value pairs; `stacked` puts each term above its value (for narrow side cards). */
export function DefinitionList({ items, stacked }: { items: { term: string; value: ReactNode }[]; stacked?: boolean }) {
  return (
    <dl className="-my-2.5 divide-y divide-slate-100">
      {items.map((item) => (
        <div key={item.term} className={cx("grid gap-1 py-2.5 text-sm", !stacked && "sm:grid-cols-3 sm:gap-4")}>
          <dt className={stacked ? "text-xs font-medium text-slate-500" : "font-medium text-slate-500"}>{item.term}</dt>
          <dd className={cx("min-w-0 break-words text-slate-900", !stacked && "sm:col-span-2")}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Notice({ tone = "slate", title, children }: { tone?: "slate" | "amber" | "red" | "blue"; title?: string; children: ReactNode }) {
  const styles = {
    slate: "border-slate-200 bg-slate-50 text-slate-700",
    amber: "border-amber-200 bg-amber-50 text-amber-900",
    red: "border-rose-200 bg-rose-50 text-rose-900",
    blue: "border-sky-200 bg-sky-50 text-sky-900",
  }[tone];
  return (
    <div className={cx("rounded-lg border px-4 py-3 text-sm", styles)} role={tone === "red" ? "alert" : undefined}>
      {title && <p className="font-semibold">{title}</p>}
      <div className={title ? "mt-1" : undefined}>{children}</div>
    </div>
  );
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.8125rem] text-slate-800">{children}</code>;
}
