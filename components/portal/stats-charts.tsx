import Link from "next/link";
import type { DeliveryStats, StatsBin, StatsWindow } from "@/lib/stats/stats";
import { ActivityIcon } from "./icons";
import { Card, cx, EmptyState } from "./ui";

/**
 * Server-rendered SVG charts of an application's or endpoint's delivery attempts: volume
 * (delivered vs failed), success rate and latency p50/p95 per bin. No client JavaScript; each
 * chart is an image with a <title> and a <desc> summarising it, and the numbers are also shown
 * as text above the charts. Colours are Tailwind classes, so a theme's palette applies.
 */

const W = 320;
const H = 150;
const PAD = { left: 50, right: 8, top: 10, bottom: 22 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

const int = new Intl.NumberFormat("en-US");
export const formatMs = (ms: number | null) => (ms === null ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${ms} ms`);
export const formatRate = (rate: number | null) => (rate === null ? "—" : `${(Math.floor(rate * 1000) / 10).toFixed(rate === 1 ? 0 : 1)}%`);

/** 1, 2, 5 × 10^n at or above `value`, so axis labels are round. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function xLabels(window: StatsWindow): [string, string, string] {
  return window === "24h" ? ["24 h ago", "12 h ago", "now"] : ["7 d ago", "3.5 d ago", "now"];
}

function Frame({ id, title, desc, yTicks, window, children }: {
  id: string; title: string; desc: string; yTicks: { value: number; label: string }[]; window: StatsWindow; children: React.ReactNode;
}) {
  const y = (fraction: number) => PAD.top + PLOT_H * (1 - fraction);
  const [first, middle, last] = xLabels(window);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid={id}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <g aria-hidden="true">
        {yTicks.map((t) => (
          <g key={t.label}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t.value)} y2={y(t.value)} className="stroke-slate-200" strokeWidth={1} strokeDasharray={t.value === 0 ? undefined : "2 3"} />
            <text x={PAD.left - 6} y={y(t.value)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[10px]">{t.label}</text>
          </g>
        ))}
        <text x={PAD.left} y={H - 6} textAnchor="start" className="fill-slate-500 text-[10px]">{first}</text>
        <text x={PAD.left + PLOT_W / 2} y={H - 6} textAnchor="middle" className="fill-slate-500 text-[10px]">{middle}</text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="fill-slate-500 text-[10px]">{last}</text>
        {children}
      </g>
    </svg>
  );
}

function VolumeChart({ id, stats, label }: { id: string; stats: DeliveryStats; label: string }) {
  const max = niceMax(Math.max(...stats.bins.map((b) => b.attempts)));
  const slot = PLOT_W / stats.bins.length;
  const barW = Math.max(1, slot * 0.7);
  const h = (n: number) => (n / max) * PLOT_H;
  const busiest = stats.bins.reduce((a, b) => (b.attempts > a.attempts ? b : a), stats.bins[0]);
  const unit = stats.binHours === 1 ? "hour" : `${stats.binHours} hours`;
  return (
    <Frame
      id={id}
      window={stats.window}
      title={`Delivery volume, ${label}`}
      desc={`Attempts per ${unit}: ${int.format(stats.totals.attempts)} in total, ${int.format(stats.totals.succeeded)} delivered and ${int.format(stats.totals.failed)} failed; the busiest ${unit === "hour" ? "hour" : "period"} had ${int.format(busiest.attempts)}.`}
      // Counts are whole numbers: no "2.5" half-way label.
      yTicks={[{ value: 0, label: "0" }, ...(max % 2 === 0 ? [{ value: 0.5, label: int.format(max / 2) }] : []), { value: 1, label: int.format(max) }]}
    >
      {stats.bins.map((b, i) => {
        const x = PAD.left + i * slot + (slot - barW) / 2;
        const okH = h(b.succeeded);
        const failH = h(b.failed);
        const base = PAD.top + PLOT_H;
        const ago = (stats.bins.length - 1 - i) * stats.binHours;
        return (
          <g key={b.start}>
            {/* Hover text (the chart's <desc> carries the summary for assistive technology). */}
            <title>{`${ago === 0 ? "This hour" : ago < 48 ? `${ago} h ago` : `${Math.round(ago / 24)} d ago`}: ${int.format(b.succeeded)} delivered, ${int.format(b.failed)} failed`}</title>
            {okH > 0 && <rect x={x} y={base - okH} width={barW} height={okH} className="fill-indigo-500" rx={barW > 4 ? 1 : 0} />}
            {failH > 0 && <rect x={x} y={base - okH - failH} width={barW} height={failH} className="fill-rose-400" rx={barW > 4 ? 1 : 0} />}
          </g>
        );
      })}
    </Frame>
  );
}

/** Polyline segments over the bins, broken where a bin has no value. */
function linePath(bins: StatsBin[], value: (b: StatsBin) => number | null, max: number): { d: string; dots: [number, number][] } {
  const slot = PLOT_W / bins.length;
  let d = "";
  const dots: [number, number][] = [];
  let open = false;
  bins.forEach((b, i) => {
    const v = value(b);
    if (v === null) {
      open = false;
      return;
    }
    const x = PAD.left + i * slot + slot / 2;
    const y = PAD.top + PLOT_H * (1 - Math.min(v, max) / max);
    const prev = i > 0 ? value(bins[i - 1]) : null;
    const next = i < bins.length - 1 ? value(bins[i + 1]) : null;
    if (prev === null && next === null) dots.push([x, y]);
    d += `${open ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)} `;
    open = true;
  });
  return { d: d.trim(), dots };
}

function SuccessChart({ id, stats, label }: { id: string; stats: DeliveryStats; label: string }) {
  const { d, dots } = linePath(stats.bins, (b) => b.successRate, 1);
  const worst = stats.bins.filter((b) => b.successRate !== null).reduce<StatsBin | null>((a, b) => (a === null || (b.successRate ?? 1) < (a.successRate ?? 1) ? b : a), null);
  return (
    <Frame
      id={id}
      window={stats.window}
      title={`Success rate, ${label}`}
      desc={`${formatRate(stats.totals.successRate)} of attempts succeeded overall; the lowest ${stats.binHours === 1 ? "hourly" : "per-period"} rate was ${formatRate(worst?.successRate ?? null)}.`}
      yTicks={[{ value: 0, label: "0%" }, { value: 0.5, label: "50%" }, { value: 1, label: "100%" }]}
    >
      {d && <path d={d} fill="none" className="stroke-emerald-500" strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />}
      {dots.map(([x, y]) => <circle key={`${x}-${y}`} cx={x} cy={y} r={2.5} className="fill-emerald-500" />)}
    </Frame>
  );
}

function LatencyChart({ id, stats, label }: { id: string; stats: DeliveryStats; label: string }) {
  const max = niceMax(Math.max(1, ...stats.bins.map((b) => b.p95Ms ?? 0)));
  const p50 = linePath(stats.bins, (b) => b.p50Ms, max);
  const p95 = linePath(stats.bins, (b) => b.p95Ms, max);
  return (
    <Frame
      id={id}
      window={stats.window}
      title={`Attempt latency, ${label}`}
      desc={`Median (p50) ${formatMs(stats.totals.p50Ms)} and 95th percentile (p95) ${formatMs(stats.totals.p95Ms)} over the whole window, estimated from a latency histogram.`}
      yTicks={[{ value: 0, label: "0" }, { value: 0.5, label: formatMs(max / 2) }, { value: 1, label: formatMs(max) }]}
    >
      {p95.d && <path d={p95.d} fill="none" className="stroke-amber-500" strokeWidth={2} strokeDasharray="4 3" strokeLinejoin="round" />}
      {p95.dots.map(([x, y]) => <circle key={`95-${x}`} cx={x} cy={y} r={2.5} className="fill-amber-500" />)}
      {p50.d && <path d={p50.d} fill="none" className="stroke-indigo-500" strokeWidth={2} strokeLinejoin="round" />}
      {p50.dots.map(([x, y]) => <circle key={`50-${x}`} cx={x} cy={y} r={2.5} className="fill-indigo-500" />)}
    </Frame>
  );
}

function Legend({ items }: { items: { label: string; className: string; dashed?: boolean }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-500" aria-hidden="true">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span className={cx("inline-block h-2 w-3 rounded-sm", item.className, item.dashed && "opacity-70")} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function ChartBlock({ title, legend, children }: { title: string; legend?: React.ReactNode; children: React.ReactNode }) {
  return (
    <figure className="min-w-0 rounded-lg border border-slate-100 p-3">
      <figcaption className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <span className="text-xs font-semibold text-slate-700">{title}</span>
        {legend}
      </figcaption>
      {children}
    </figure>
  );
}

export function WindowToggle({ current, hrefFor }: { current: StatsWindow; hrefFor: (w: StatsWindow) => string }) {
  const options: [StatsWindow, string][] = [["24h", "24 hours"], ["7d", "7 days"]];
  return (
    <nav aria-label="Time window" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 shadow-xs">
      {options.map(([w, text]) => (
        <Link
          key={w}
          href={hrefFor(w)}
          scroll={false}
          aria-current={w === current ? "page" : undefined}
          className={cx(
            "rounded px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-500",
            w === current ? "bg-primary text-on-primary" : "text-slate-600 hover:bg-slate-100",
          )}
        >
          {text}
        </Link>
      ))}
    </nav>
  );
}

/** The card: window toggle, summary numbers, three charts — or an empty state. */
export function StatsPanel({ stats, idPrefix, hrefFor, scope, title = "Activity" }: {
  stats: DeliveryStats; idPrefix: string; hrefFor: (w: StatsWindow) => string; scope: string; title?: string;
}) {
  const label = stats.window === "24h" ? "last 24 hours" : "last 7 days";
  const t = stats.totals;
  return (
    <Card
      title={title}
      description={`Delivery attempts to ${scope}, ${label}.`}
      actions={<WindowToggle current={stats.window} hrefFor={hrefFor} />}
      bodyClassName=""
    >
      <div data-testid="stats-panel" data-window={stats.window}>
        {t.attempts === 0 ? (
          <EmptyState icon={<ActivityIcon />} title={`No delivery attempts in the ${label}`}>
            Charts of volume, success rate and latency appear here once events are sent.
          </EmptyState>
        ) : (
          <div className="space-y-4 px-4 py-4 sm:px-5">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="stats-summary">
              {[
                ["Attempts", int.format(t.attempts)],
                ["Succeeded", int.format(t.succeeded)],
                ["Failed", int.format(t.failed)],
                ["Success rate", formatRate(t.successRate)],
                ["Latency p50", formatMs(t.p50Ms)],
                ["Latency p95", formatMs(t.p95Ms)],
              ].map(([term, value]) => (
                <div key={term} className="rounded-lg bg-slate-50 px-3 py-2">
                  <dt className="text-xs font-medium text-slate-500">{term}</dt>
                  <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
            <p className="text-xs text-slate-500">These count HTTP attempts, not events: a delivery that is retried counts once per attempt.</p>
            <div className="grid gap-3 lg:grid-cols-3">
              <ChartBlock title="Volume" legend={<Legend items={[{ label: "Succeeded", className: "bg-indigo-500" }, { label: "Failed", className: "bg-rose-400" }]} />}>
                <VolumeChart id={`${idPrefix}-volume`} stats={stats} label={label} />
              </ChartBlock>
              <ChartBlock title="Success rate" legend={<Legend items={[{ label: "Succeeded", className: "bg-emerald-500" }]} />}>
                <SuccessChart id={`${idPrefix}-success`} stats={stats} label={label} />
              </ChartBlock>
              <ChartBlock title="Latency" legend={<Legend items={[{ label: "p50", className: "bg-indigo-500" }, { label: "p95", className: "bg-amber-500", dashed: true }]} />}>
                <LatencyChart id={`${idPrefix}-latency`} stats={stats} label={label} />
              </ChartBlock>
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}
