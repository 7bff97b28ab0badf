import Link from "next/link";
import { shortId } from "./format";
import { LocalTime } from "./local-time";
import { DeliveryStatusBadge } from "./ui";

export interface DeliveryRow {
  id: string;
  status: string;
  eventType: string | null;
  endpointId: string;
  totalAttempts: number;
  createdAt: string;
}

/** Newest first. A table from `sm` up, stacked rows on phones; every row opens the delivery. */
export function DeliveryTable({ deliveries, endpointNames }: { deliveries: DeliveryRow[]; endpointNames?: Map<string, string> }) {
  return (
    <div data-testid="delivery-list">
      <div className="hidden grid-cols-[8rem_minmax(0,1fr)_minmax(0,1fr)_5rem_11rem] gap-4 border-b border-slate-100 bg-slate-50/80 px-5 py-2 text-xs font-medium tracking-wide text-slate-500 uppercase md:grid">
        <span>Status</span>
        <span>Event</span>
        <span>{endpointNames ? "Endpoint" : "Delivery"}</span>
        <span className="text-right">Attempts</span>
        <span className="text-right">Created</span>
      </div>
      <ul className="divide-y divide-slate-100">
        {deliveries.map((d) => (
          <li key={d.id}>
            <Link
              href={`/portal/deliveries/${d.id}`}
              className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 px-4 py-3 text-sm hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 md:grid-cols-[8rem_minmax(0,1fr)_minmax(0,1fr)_5rem_11rem] md:items-center md:gap-4 md:px-5"
            >
              <span className="order-2 justify-self-end md:order-none md:justify-self-start"><DeliveryStatusBadge status={d.status} /></span>
              <span className="order-1 min-w-0 truncate font-mono text-slate-900 md:order-none">{d.eventType ?? "—"}</span>
              <span className="order-3 min-w-0 truncate text-xs text-slate-500 md:order-none md:text-sm">
                {endpointNames ? (endpointNames.get(d.endpointId) ?? d.endpointId) : <span className="font-mono" title={d.id}>{shortId(d.id)}</span>}
              </span>
              <span className="order-4 justify-self-end text-xs text-slate-500 md:order-none md:text-sm md:text-slate-700">
                <span className="md:hidden">Attempts: </span>{d.totalAttempts}
              </span>
              <span className="order-5 col-span-2 text-xs text-slate-500 md:order-none md:col-span-1 md:text-right md:text-sm">
                <LocalTime iso={d.createdAt} format="short" />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
