"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import { PauseIcon, PencilIcon, PlayIcon, SendIcon, TrashIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

/** The endpoint page's action bar; only the actions the role allows are rendered at all. */
export function EndpointActions({ endpoint, canWrite, canDelete }: {
  /** Only what the page may show: a Slack endpoint's URL is a credential and never reaches the browser. */
  endpoint: { id: string; displayName: string; isActive: boolean };
  canWrite: boolean;
  canDelete: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState<null | "toggle" | "test" | "delete">(null);
  const [confirming, setConfirming] = useState<null | "delete" | "disable">(null);

  async function setActive(isActive: boolean) {
    setBusy("toggle");
    const result = await portalFetch("PATCH", `/portal/api/endpoints/${endpoint.id}`, { isActive });
    setBusy(null);
    setConfirming(null);
    if (!result.ok) return toast.error(result.error.message);
    toast.success(isActive ? "Endpoint enabled" : "Endpoint disabled");
    router.refresh();
  }

  async function sendTest() {
    setBusy("test");
    const result = await portalFetch<{ deliveryId: string }>("POST", `/portal/api/endpoints/${endpoint.id}/test`);
    setBusy(null);
    if (!result.ok) return toast.error(result.error.message);
    toast.success("Test event queued — it will appear in the delivery history in a moment");
    router.refresh();
  }

  async function remove() {
    setBusy("delete");
    const result = await portalFetch("DELETE", `/portal/api/endpoints/${endpoint.id}`);
    setBusy(null);
    if (!result.ok) {
      setConfirming(null);
      return toast.error(result.error.message);
    }
    toast.success("Endpoint deleted");
    router.push("/portal");
    router.refresh();
  }

  if (!canWrite && !canDelete) return null;
  return (
    <>
      {canWrite && (
        <>
          <button type="button" className={buttonClass("secondary")} onClick={sendTest} disabled={busy !== null || !endpoint.isActive} title={endpoint.isActive ? undefined : "Enable the endpoint to send a test event"}>
            <SendIcon className="size-4" /> {busy === "test" ? "Sending…" : "Send test event"}
          </button>
          {endpoint.isActive ? (
            <button type="button" className={buttonClass("secondary")} onClick={() => setConfirming("disable")} disabled={busy !== null}>
              <PauseIcon className="size-4" /> Disable
            </button>
          ) : (
            <button type="button" className={buttonClass("secondary")} onClick={() => setActive(true)} disabled={busy !== null}>
              <PlayIcon className="size-4" /> {busy === "toggle" ? "Enabling…" : "Enable"}
            </button>
          )}
          <Link href={`/portal/endpoints/${endpoint.id}/edit`} className={buttonClass("secondary")}>
            <PencilIcon className="size-4" /> Edit
          </Link>
        </>
      )}
      {canDelete && (
        <button type="button" className={buttonClass("danger")} onClick={() => setConfirming("delete")} disabled={busy !== null}>
          <TrashIcon className="size-4" /> Delete
        </button>
      )}
      <ConfirmDialog
        open={confirming === "disable"}
        title="Disable this endpoint?"
        confirmLabel="Disable endpoint"
        tone="primary"
        busy={busy === "toggle"}
        onConfirm={() => setActive(false)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          <span className="font-medium break-all text-slate-900">{endpoint.displayName}</span> will stop receiving events until you enable it again.
          Events that happen while it is disabled are not delivered to it, and deliveries still waiting for a retry are marked failed.
          After enabling it again, you can retry those with “Retry failed deliveries”.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "delete"}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        busy={busy === "delete"}
        onConfirm={remove}
        onCancel={() => setConfirming(null)}
      >
        <p>
          <span className="font-medium break-all text-slate-900">{endpoint.displayName}</span> and its delivery history will be deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
