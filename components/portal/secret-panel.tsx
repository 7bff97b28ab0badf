"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import { CopyButton } from "./copy-button";
import { LocalTime } from "./local-time";
import { EyeIcon, EyeOffIcon, RefreshIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass } from "./ui";

const MASK = "whsec_••••••••••••••••••••••••••••••••";

/**
 * The signing secret, masked until asked for: it is fetched on demand, so it is never part of the
 * page's HTML. Rotation keeps the old secret valid for a grace period.
 */
export function SecretPanel({ endpointId, canRotate, graceHours, previousSecretValidUntil }: {
  endpointId: string; canRotate: boolean; graceHours: number; previousSecretValidUntil: string | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const [secret, setSecret] = useState<string | null>(null);
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState<null | "reveal" | "rotate">(null);
  const [confirming, setConfirming] = useState(false);

  async function load(): Promise<string | null> {
    if (secret) return secret;
    setBusy("reveal");
    const result = await portalFetch<{ secret: string }>("POST", `/portal/api/endpoints/${endpointId}/secret`);
    setBusy(null);
    if (!result.ok) {
      toast.error(result.error.message);
      return null;
    }
    setSecret(result.data.secret);
    return result.data.secret;
  }

  async function toggle() {
    if (visible) return setVisible(false);
    if (await load()) setVisible(true);
  }

  async function rotate() {
    setBusy("rotate");
    const result = await portalFetch<{ secret: string }>("POST", `/portal/api/endpoints/${endpointId}/secret/rotate`);
    setBusy(null);
    setConfirming(false);
    if (!result.ok) return toast.error(result.error.message);
    setSecret(result.data.secret);
    setVisible(true);
    toast.success(`Secret rotated. The previous secret keeps working for ${graceHours} hours.`);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-1 rounded-md border border-slate-200 bg-slate-50 py-1 pr-1 pl-3">
        <code className="min-w-0 flex-1 truncate font-mono text-sm text-slate-800" data-testid="signing-secret" aria-label={visible ? "Signing secret" : "Signing secret (hidden)"}>
          {visible && secret ? secret : MASK}
        </code>
        <button
          type="button"
          onClick={toggle}
          disabled={busy !== null}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-xs font-medium text-slate-600 hover:bg-slate-200/60 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500"
        >
          {visible ? <EyeOffIcon className="size-4" /> : <EyeIcon className="size-4" />}
          {visible ? "Hide" : busy === "reveal" ? "Loading…" : "Reveal"}
        </button>
        {secret ? (
          <CopyButton value={secret} label="Copy signing secret" showText />
        ) : (
          <button
            type="button"
            onClick={async () => {
              const value = await load();
              if (value) {
                await navigator.clipboard.writeText(value).catch(() => {});
                toast.success("Signing secret copied");
              }
            }}
            className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-xs font-medium text-slate-600 hover:bg-slate-200/60 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500"
            aria-label="Copy signing secret"
          >
            Copy
          </button>
        )}
      </div>
      <p className="text-xs text-slate-500">
        Use this secret to verify the <code className="font-mono">webhook-signature</code> header of every request (Standard Webhooks).
      </p>
      {previousSecretValidUntil && (
        <p className="text-xs text-amber-700">
          Requests are also signed with the previous secret until <LocalTime iso={previousSecretValidUntil} />.
        </p>
      )}
      {canRotate && (
        <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setConfirming(true)} disabled={busy !== null}>
          <RefreshIcon className="size-3.5" /> Rotate secret
        </button>
      )}
      <ConfirmDialog open={confirming} title="Rotate the signing secret?" confirmLabel="Rotate secret" tone="primary" busy={busy === "rotate"} onConfirm={rotate} onCancel={() => setConfirming(false)}>
        <p>
          A new secret is generated and used to sign every request from now on. For the next <strong>{graceHours} hours</strong> each request is
          also signed with the current secret, so your server keeps accepting deliveries while you switch it to the new secret.
        </p>
      </ConfirmDialog>
    </div>
  );
}
