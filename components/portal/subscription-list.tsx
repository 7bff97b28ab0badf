"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { cx } from "./ui";

interface Item {
  id: string;
  name: string;
  description: string | null;
  subscribed: boolean;
}

/** One switch per event type; editors and admins flip them, viewers only read. */
export function SubscriptionList({ endpointId, items, canWrite }: { endpointId: string; items: Item[]; canWrite: boolean }) {
  const router = useRouter();
  const toast = useToast();
  // Switches follow the server's data; a flip shows at once and holds until the refreshed data
  // arrives (then the server's answer wins, including changes made elsewhere meanwhile).
  const [flipped, setFlipped] = useState<Map<string, boolean>>(() => new Map());
  const [shown, setShown] = useState(items);
  if (shown !== items) {
    setShown(items);
    setFlipped(new Map());
  }
  const [pending, setPending] = useState<string | null>(null);
  const isOn = (item: Item) => flipped.get(item.id) ?? item.subscribed;

  async function flip(item: Item) {
    const next = !isOn(item);
    setPending(item.id);
    const path = `/portal/api/endpoints/${endpointId}/subscriptions/${item.id}`;
    const result = await portalFetch(next ? "PUT" : "DELETE", path);
    setPending(null);
    if (!result.ok) return toast.error(result.error.message);
    setFlipped((s) => new Map(s).set(item.id, next));
    toast.success(next ? `Subscribed to ${item.name}` : `Unsubscribed from ${item.name}`);
    router.refresh();
  }

  return (
    <ul className="divide-y divide-slate-100" aria-label="Event subscriptions">
      {items.map((item) => {
        const on = isOn(item);
        return (
          <li key={item.id} className="flex items-center justify-between gap-4 px-4 py-3 sm:px-5">
            <div className="min-w-0">
              <p className="truncate font-mono text-sm text-slate-900">{item.name}</p>
              {item.description && <p className="mt-0.5 text-xs text-slate-500">{item.description}</p>}
            </div>
            {canWrite ? (
              <button
                type="button"
                role="switch"
                aria-checked={on}
                aria-label={`Receive ${item.name}`}
                disabled={pending !== null}
                onClick={() => flip(item)}
                className={cx(
                  "relative inline-flex h-6 w-11 shrink-0 cursor-pointer rounded-full border-2 border-transparent transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-wait disabled:opacity-60",
                  on ? "bg-primary" : "bg-slate-200",
                )}
              >
                <span className={cx("inline-block size-5 rounded-full bg-white shadow-sm ring-0 transition-transform", on ? "translate-x-5" : "translate-x-0")} />
              </button>
            ) : (
              <span className={cx("text-xs font-medium", on ? "text-emerald-700" : "text-slate-500")}>{on ? "Subscribed" : "Not subscribed"}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
