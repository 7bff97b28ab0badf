"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";
import { buttonClass, DELIVERY_STATUS_LABELS } from "./ui";

/**
 * A plain GET form (works without JavaScript); with JavaScript a change applies immediately.
 * Changing a filter always starts again from the newest delivery.
 */
export function DeliveryFilters({ status, endpointId, endpoints }: { status: string; endpointId: string; endpoints: { id: string; label: string }[] }) {
  const router = useRouter();
  const statusId = useId();
  const endpointSelectId = useId();
  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of ["status", "endpoint"]) {
      const value = String(data.get(key) ?? "");
      if (value) params.set(key, value);
    }
    router.push(`/portal/deliveries${params.size ? `?${params}` : ""}`);
  }
  const selectClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 shadow-xs focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-500";
  return (
    <form
      method="get"
      action="/portal/deliveries"
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
      <noscript>
        <button type="submit" className={buttonClass("secondary")}>Apply</button>
      </noscript>
    </form>
  );
}
