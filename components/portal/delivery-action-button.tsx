"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RefreshIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

/** A button that POSTs one delivery action (retry, replay), says how it went, and refreshes the page. */
function DeliveryActionButton(props: { deliveryId: string; action: "retry" | "replay"; label: string; busyLabel: string; done: string; variant: "primary" | "secondary" }) {
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
  return (
    <button type="button" className={buttonClass(props.variant)} onClick={run} disabled={busy}>
      <RefreshIcon className="size-4" /> {busy ? props.busyLabel : props.label}
    </button>
  );
}

/** A failed or dead-lettered delivery, tried again now. */
export const RetryButton = ({ deliveryId }: { deliveryId: string }) => (
  <DeliveryActionButton deliveryId={deliveryId} action="retry" variant="primary" label="Retry delivery" busyLabel="Retrying…" done="Retry queued — a new attempt will be made shortly" />
);

/** A delivered event sent once more (same webhook-id, one new attempt). */
export const ReplayButton = ({ deliveryId }: { deliveryId: string }) => (
  <DeliveryActionButton deliveryId={deliveryId} action="replay" variant="secondary" label="Replay event" busyLabel="Replaying…" done="Replay queued — the event will be sent again with the same webhook-id" />
);
