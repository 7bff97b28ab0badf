"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RefreshIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

/** A button that POSTs one delivery action (retry, replay), says how it went, and refreshes the page. */
function DeliveryActionButton(props: { deliveryId: string; action: "retry" | "replay"; label: string; busyLabel: string; done: string; variant: "primary" | "secondary"; blocked?: string }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    const result = await portalFetch("POST", `/portal/api/deliveries/${props.deliveryId}/${props.action}`);
    setBusy(false);
    if (!result.ok) return toast.error(result.error.message);
    toast.success(props.done);
    router.refresh();
  }
  const hintId = `${props.action}-blocked`;
  return (
    <span className="flex flex-col items-end gap-1">
      <button type="button" className={buttonClass(props.variant)} onClick={run} disabled={busy || props.blocked !== undefined} aria-describedby={props.blocked ? hintId : undefined}>
        <RefreshIcon className="size-4" /> {busy ? props.busyLabel : props.label}
      </button>
      {props.blocked && <span id={hintId} className="text-xs text-slate-500 dark:text-slate-400">{props.blocked}</span>}
    </span>
  );
}

type ActionProps = { deliveryId: string; /** Why the action cannot run now (shown under the disabled button). */ blocked?: string };

/** A failed or dead-lettered delivery, tried again now. */
export const RetryButton = ({ deliveryId, blocked }: ActionProps) => (
  <DeliveryActionButton deliveryId={deliveryId} blocked={blocked} action="retry" variant="primary" label="Retry delivery" busyLabel="Retrying…" done="Retry queued — a new attempt will be made shortly" />
);

/** A delivered event sent again (same webhook-id, an immediate attempt). */
export const ReplayButton = ({ deliveryId, blocked }: ActionProps) => (
  <DeliveryActionButton deliveryId={deliveryId} blocked={blocked} action="replay" variant="secondary" label="Replay event" busyLabel="Replaying…" done="Replay queued — the event will be sent again with the same webhook-id" />
);
