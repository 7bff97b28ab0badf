"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef } from "react";
import { buttonClass, DELIVERY_FILTER_LABELS, DELIVERY_STATUS_LABELS } from "./ui";

export interface FilterValues {
  status: string;
  statusClass: string;
  eventType: string;
  from: string;
  to: string;
  /** A delivery id (del_…) or a message id (msg_…, the webhook-id). */
  lookup: string;
}

const STATUS_CLASS_LABELS: Record<string, string> = {
  "2xx": "2xx success",
  "3xx": "3xx redirect",
  "4xx": "4xx client error",
  "5xx": "5xx server error",
  none: "No response",
};

/** ISO instant → the `datetime-local` value in the reader's zone (what the input shows). */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The query string of a filtered view: the same parameter names as the Management API's D1. */
export function filterQuery(values: FilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (values.status) params.set("status", values.status);
  if (values.statusClass) params.set("statusClass", values.statusClass);
  if (values.eventType) params.set("eventType", values.eventType);
  if (values.from) params.set("from", values.from);
  if (values.to) params.set("to", values.to);
  const lookup = values.lookup.trim();
  if (lookup) params.set(lookup.startsWith("msg_") ? "messageId" : "deliveryId", lookup);
  return params;
}

/**
 * History filters. A select picked with the pointer applies at once; one changed with the
 * keyboard (arrow keys step through the options) applies when focus leaves it, so reaching the
 * fourth option is not four page loads (WCAG 3.2.2); text and time fields on "Apply" (or Enter). Every
 * filter lives in the URL, so a filtered view can be bookmarked or shared, and a change starts
 * again from the newest delivery. One endpoint's history lives at /portal/endpoints/{id}/deliveries.
 */
export function DeliveryFilters({ values, endpointId, endpoints, eventTypes }: {
  values: FilterValues;
  endpointId: string;
  endpoints: { id: string; label: string }[];
  eventTypes: string[];
}) {
  const router = useRouter();
  const id = useId();
  const fromRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);
  // The server cannot know the reader's time zone: the times are filled in after hydration.
  useEffect(() => {
    if (fromRef.current) fromRef.current.value = values.from ? toLocalInput(values.from) : "";
    if (toRef.current) toRef.current.value = values.to ? toLocalInput(values.to) : "";
  }, [values.from, values.to]);

  const keyed = useRef(false);
  const unapplied = useRef(false);
  const selectEvents = {
    onKeyDown: () => { keyed.current = true; },
    onPointerDown: () => { keyed.current = false; },
    onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
      if (keyed.current) unapplied.current = true;
      else apply(e.currentTarget.form!);
    },
    onBlur: (e: React.FocusEvent<HTMLSelectElement>) => {
      if (!unapplied.current) return;
      unapplied.current = false;
      apply(e.currentTarget.form!);
    },
  };

  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    // The inputs have minute precision: "to" means the end of that minute.
    const instant = (name: string, extraMs = 0) => {
      const value = text(name);
      const date = value ? new Date(value) : null;
      return date && !Number.isNaN(date.getTime()) ? new Date(date.getTime() + extraMs).toISOString() : "";
    };
    const endpoint = text("endpoint");
    const base = endpoint ? `/portal/endpoints/${encodeURIComponent(endpoint)}/deliveries` : "/portal/deliveries";
    const params = filterQuery({
      status: text("status"), statusClass: text("statusClass"), eventType: text("eventType"),
      from: instant("from"), to: instant("to", 59_999), lookup: text("lookup"),
    });
    router.push(params.size ? `${base}?${params}` : base);
  }

  const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white py-2 px-3 text-sm text-slate-900 shadow-xs focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-500";
  const select = `${field} pr-8`;
  const label = "block text-xs font-medium text-slate-600";
  return (
    <form
      onSubmit={(e) => { e.preventDefault(); apply(e.currentTarget); }}
      className="grid grid-cols-2 gap-3 lg:grid-cols-4"
      aria-label="Delivery filters"
      data-testid="delivery-filters"
    >
      <div>
        <label htmlFor={`${id}-status`} className={label}>{DELIVERY_FILTER_LABELS.status}</label>
        <select id={`${id}-status`} name="status" defaultValue={values.status} className={select} {...selectEvents}>
          <option value="">All statuses</option>
          {Object.entries(DELIVERY_STATUS_LABELS).map(([value, s]) => (
            <option key={value} value={value}>{s.label}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-class`} className={label}>{DELIVERY_FILTER_LABELS.statusClass}</label>
        <select id={`${id}-class`} name="statusClass" defaultValue={values.statusClass} className={select} {...selectEvents}>
          <option value="">Any response</option>
          {Object.entries(STATUS_CLASS_LABELS).map(([value, text]) => (
            <option key={value} value={value}>{text}</option>
          ))}
        </select>
      </div>
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor={`${id}-type`} className={label}>{DELIVERY_FILTER_LABELS.eventType}</label>
        <input id={`${id}-type`} name="eventType" defaultValue={values.eventType} list={`${id}-types`} placeholder="e.g. order.created"
          className={`${field} font-mono`} autoComplete="off" spellCheck={false} maxLength={128} />
        <datalist id={`${id}-types`}>
          {eventTypes.map((t) => <option key={t} value={t} />)}
        </datalist>
      </div>
      {endpoints.length > 0 ? (
        <div className="col-span-2 min-w-0 sm:col-span-1">
          <label htmlFor={`${id}-endpoint`} className={label}>Endpoint</label>
          <select id={`${id}-endpoint`} name="endpoint" defaultValue={endpointId} className={select} {...selectEvents}>
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>{e.label}</option>
            ))}
          </select>
        </div>
      ) : <div className="hidden lg:block" />}
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor={`${id}-from`} className={label}>{DELIVERY_FILTER_LABELS.from}</label>
        <input ref={fromRef} id={`${id}-from`} name="from" type="datetime-local" className={field} />
      </div>
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor={`${id}-to`} className={label}>{DELIVERY_FILTER_LABELS.to}</label>
        <input ref={toRef} id={`${id}-to`} name="to" type="datetime-local" className={field} />
      </div>
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor={`${id}-lookup`} className={label}>Delivery or message ID</label>
        <input id={`${id}-lookup`} name="lookup" defaultValue={values.lookup} placeholder="del_… or msg_…"
          className={`${field} font-mono`} autoComplete="off" spellCheck={false} maxLength={100} />
      </div>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
        <button type="submit" className={buttonClass("primary")}>Apply</button>
        <a href={endpointId ? `/portal/endpoints/${encodeURIComponent(endpointId)}/deliveries` : "/portal/deliveries"} className={buttonClass("ghost")}>Reset</a>
      </div>
    </form>
  );
}
