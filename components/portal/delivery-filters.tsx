"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";
import { DELIVERY_STATUS_LABELS } from "./ui";

/**
 * Status and endpoint filters; a change applies immediately and starts again from the newest
 * delivery. One endpoint's history lives at /portal/endpoints/{id}/deliveries.
 */
export function DeliveryFilters({ status, endpointId, endpoints }: { status: string; endpointId: string; endpoints: { id: string; label: string }[] }) {
  const router = useRouter();
  const statusId = useId();
  const endpointSelectId = useId();
  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const status = String(data.get("status") ?? "");
    const endpoint = String(data.get("endpoint") ?? "");
    const base = endpoint ? `/portal/endpoints/${encodeURIComponent(endpoint)}/deliveries` : "/portal/deliveries";
    router.push(status ? `${base}?status=${encodeURIComponent(status)}` : base);
  }
  const selectClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 shadow-xs focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-500";
  return (
    <form
      onSubmit={(e) => { e.preventDefault(); apply(e.currentTarget); }}
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
    >
      <div className="sm:w-48">
        <label htmlFor={statusId} className="block text-xs font-medium text-slate-600">Status</label>
        <select id={statusId} name="status" defaultValue={status} className={selectClass} onChange={(e) => apply(e.currentTarget.form!)}>
          <option value="">All statuses</option>
          {Object.entries(DELIVERY_STATUS_LABELS).map(([value, s]) => (
            <option key={value} value={value}>{s.label}</option>
          ))}
        </select>
      </div>
      {endpoints.length > 0 && (
        <div className="min-w-0 sm:w-80">
          <label htmlFor={endpointSelectId} className="block text-xs font-medium text-slate-600">Endpoint</label>
          <select id={endpointSelectId} name="endpoint" defaultValue={endpointId} className={selectClass} onChange={(e) => apply(e.currentTarget.form!)}>
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>{e.label}</option>
            ))}
          </select>
        </div>
      )}
    </form>
  );
}
