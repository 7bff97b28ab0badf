"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RefreshIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

/** Sends a delivered event once more (same webhook-id, one new attempt). */
export function ReplayButton({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  async function replay() {
    setBusy(true);
    const result = await portalFetch("POST", `/portal/api/deliveries/${deliveryId}/replay`);
    setBusy(false);
    if (!result.ok) return toast.error(result.error.message);
    toast.success("Replay queued — the event will be sent again with the same webhook-id");
    router.refresh();
  }
  return (
    <button type="button" className={buttonClass("secondary")} onClick={replay} disabled={busy}>
      <RefreshIcon className="size-4" /> {busy ? "Replaying…" : "Replay event"}
    </button>
  );
}
