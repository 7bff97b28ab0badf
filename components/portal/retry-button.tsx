"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RefreshIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

export function RetryButton({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  async function retry() {
    setBusy(true);
    const result = await portalFetch("POST", `/portal/api/deliveries/${deliveryId}/retry`);
    setBusy(false);
    if (!result.ok) return toast.error(result.error.message);
    toast.success("Retry queued — a new attempt will be made shortly");
    router.refresh();
  }
  return (
    <button type="button" className={buttonClass("primary")} onClick={retry} disabled={busy}>
      <RefreshIcon className="size-4" /> {busy ? "Retrying…" : "Retry delivery"}
    </button>
  );
}
