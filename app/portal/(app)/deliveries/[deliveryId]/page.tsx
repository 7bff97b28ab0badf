import Link from "next/link";
import { AttemptList } from "@/components/portal/attempt-list";
import { CopyableId, CopyButton } from "@/components/portal/copy-button";
import { endpointDisplayName } from "@/components/portal/format";
import { ClockIcon } from "@/components/portal/icons";
import { LocalTime } from "@/components/portal/local-time";
import { ReplayButton, RetryButton } from "@/components/portal/delivery-action-button";
import { buttonClass, Card, DefinitionList, DeliveryStatusBadge, EmptyState, PageHeader } from "@/components/portal/ui";
import { getPortalEndpoint } from "@/lib/portal/endpoints";
import { deliveryForPage } from "@/lib/portal/page-data";
import { orNotFound } from "@/lib/portal/page-errors";
import { payloadWindow } from "@/lib/portal/deliveries";
import type { PayloadView } from "@/lib/portal/payload-view";

export const metadata = { title: "Delivery" };

const payloadMissing = (status: string): string =>
  ({
    processing: "The payload is still being processed.",
    not_found: `The payload is no longer stored (payloads are kept for ${payloadWindow()}).`,
    forbidden: "Payloads are not stored for this account.",
    error: "The payload could not be loaded right now. Try again in a moment.",
  })[status] ?? "The payload is not available.";

function payloadNote(view: PayloadView): string {
  const size = view.bytes < 1024 ? `${view.bytes} bytes` : `${(view.bytes / 1024).toFixed(1)} KB`;
  return view.truncated
    ? `Large payload (${size}): the first ${(view.text.length / 1024).toFixed(0)} KB are shown as sent. Download it for the whole payload.`
    : `Shown as sent (${size}); payloads this large or deep are not reformatted.`;
}

/**
 * When a waiting delivery goes next. Its own time can be long past while its endpoint is paused
 * (disabled, or its circuit open after repeated failures): then the endpoint decides, so say that.
 */
function nextAttempt(at: string, endpoint: { isActive: boolean; health: { state: string; nextProbeAt: string | null } }) {
  if (!endpoint.isActive) return "When the endpoint is enabled again";
  if (endpoint.health.state !== "closed") {
    return endpoint.health.nextProbeAt ? (
      <>When the endpoint recovers (next try <LocalTime iso={endpoint.health.nextProbeAt} />)</>
    ) : "When the endpoint recovers";
  }
  return Date.parse(at) <= Date.now() ? "Now" : <LocalTime iso={at} />;
}

export default async function DeliveryPage({ params }: { params: Promise<{ deliveryId: string }> }) {
  const { ctx, delivery, payload, attempts } = await deliveryForPage((await params).deliveryId);
  const endpoint = await orNotFound(getPortalEndpoint(ctx, delivery.endpointId));
  const endpointName = endpointDisplayName(endpoint);
  const view = payload.view;
  const downloadUrl = `/portal/api/deliveries/${delivery.id}/payload`;
  const retryable = (delivery.status === "failed" || delivery.status === "dead_letter") && ctx.can("deliveries:retry");
  // A delivered event can be sent again (same webhook-id), e.g. after the receiver lost it.
  const replayable = delivery.status === "delivered" && delivery.hasPayload && ctx.can("deliveries:retry");
  // A disabled endpoint would only record the attempt as not sent: the server refuses it too.
  const blocked = endpoint.isActive ? undefined : "Enable the endpoint first";

  return (
    <>
      <PageHeader
        back={{ href: `/portal/deliveries`, label: "Deliveries" }}
        title={<span className="font-mono break-all">{delivery.eventType ?? "Delivery"}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <DeliveryStatusBadge status={delivery.status} />
            <span>to</span>
            <Link href={`/portal/endpoints/${endpoint.id}`} className="font-mono break-all text-primary-text hover:underline">{endpointName}</Link>
          </span>
        }
        actions={retryable ? <RetryButton deliveryId={delivery.id} blocked={blocked} /> : replayable ? <ReplayButton deliveryId={delivery.id} blocked={blocked} /> : null}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title="Attempts" description="Oldest first. Each attempt is one HTTP request to your endpoint." bodyClassName="">
            {attempts.length === 0 ? (
              <EmptyState icon={<ClockIcon />} title="No attempts yet">
                {delivery.nextRetryAt
                  ? "The next attempt is scheduled."
                  : endpoint.health.state !== "closed"
                    ? "Deliveries to this endpoint are paused while it keeps failing; this one goes as soon as it recovers."
                    : "The first attempt will be made in a moment."}
              </EmptyState>
            ) : (
              <AttemptList attempts={attempts.map((a) => ({ ...a, url: endpoint.type === "slack" ? endpointName : a.url }))} />
            )}
          </Card>
          <Card
            title="Payload"
            description={view && (view.truncated || !view.pretty) ? payloadNote(view) : undefined}
            actions={
              view ? (
                <span className="flex items-center gap-1">
                  <CopyButton {...(view.truncated ? { fromUrl: downloadUrl } : { fromElement: "payload" })} label="Copy payload" showText />
                  <a href={downloadUrl} download className={buttonClass("ghost", "sm")} data-testid="payload-download">Download</a>
                </span>
              ) : null
            }
            bodyClassName={view ? "" : undefined}
          >
            {view ? (
              // Rendered once; the copy button reads this element (or the download route when cut).
              <pre id="payload" className="max-h-[28rem] overflow-auto rounded-b-xl bg-slate-900 p-4 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100" data-testid="payload">{view.text}</pre>
            ) : (
              <p className="text-sm text-slate-500">{payloadMissing(payload.status)}</p>
            )}
          </Card>
        </div>
        <Card title="Details" className="min-w-0 self-start">
          <DefinitionList
            stacked
            items={[
              { term: "Delivery ID", value: <CopyableId value={delivery.id} label="Copy delivery ID" /> },
              { term: "Message ID", value: <CopyableId value={delivery.messageId} label="Copy message ID" /> },
              { term: "Event", value: <span className="font-mono">{delivery.eventType ?? "—"}</span> },
              { term: "Attempts", value: delivery.totalAttempts },
              { term: "Created", value: <LocalTime iso={delivery.createdAt} /> },
              { term: "First attempt", value: <LocalTime iso={delivery.firstAttemptAt} /> },
              ...(delivery.deliveredAt ? [{ term: "Delivered", value: <LocalTime iso={delivery.deliveredAt} /> }] : []),
              ...(delivery.nextRetryAt ? [{ term: "Next attempt", value: nextAttempt(delivery.nextRetryAt, endpoint) }] : []),
              { term: "Idempotency key", value: <span className="font-mono text-xs break-all">{delivery.idempotencyKey}</span> },
            ]}
          />
          <p className="mt-3 text-xs text-slate-500">The message ID is sent as the <code className="font-mono">webhook-id</code> header; use it to ignore duplicates.</p>
        </Card>
      </div>
    </>
  );
}
