import type { PortalEndpoint } from "@/lib/portal/endpoints";
import Link from "next/link";
import { endpointDisplayName, pluralize } from "./format";
import { ChevronRightIcon, SlackIcon, WebhookIcon } from "./icons";
import { RelativeTime } from "./local-time";
import { DeliveryStatusBadge, EndpointStateBadge } from "./ui";

export type EndpointRow = Pick<PortalEndpoint, "id" | "type" | "url" | "description" | "isActive" | "disabledReason" | "subscriptionCount" | "lastDeliveryAt" | "lastDeliveryStatus">;

export function EndpointList({ endpoints }: { endpoints: EndpointRow[] }) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="endpoint-list">
      {endpoints.map((e) => (
        <li key={e.id}>
          <Link
            href={`/portal/endpoints/${e.id}`}
            className="group flex items-center gap-3 px-4 py-4 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 sm:gap-4 sm:px-5"
          >
            <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-600" title={e.type === "slack" ? "Slack" : "Webhook"}>
              {e.type === "slack" ? <SlackIcon className="size-5" /> : <WebhookIcon className="size-5" />}
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <p className="min-w-0 truncate font-mono text-sm font-medium text-slate-900"><span data-testid="endpoint-url">{endpointDisplayName(e)}</span><span className="sr-only">, {e.type === "slack" ? "Slack endpoint" : "Webhook endpoint"}</span></p>
                <EndpointStateBadge isActive={e.isActive} disabledReason={e.disabledReason} />
              </div>
              {e.description && <p className="mt-0.5 truncate text-sm text-slate-500">{e.description}</p>}
              <p className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                <span>{pluralize(e.subscriptionCount, "event type")}</span>
                <span aria-hidden="true" className="text-slate-300">•</span>
                {e.lastDeliveryAt && e.lastDeliveryStatus ? (
                  <span className="inline-flex items-center gap-1.5">
                    Last delivery <DeliveryStatusBadge status={e.lastDeliveryStatus} /> <RelativeTime iso={e.lastDeliveryAt} />
                  </span>
                ) : (
                  <span>No deliveries yet</span>
                )}
              </p>
            </div>
            <ChevronRightIcon className="size-5 shrink-0 text-slate-300 group-hover:text-slate-500" />
          </Link>
        </li>
      ))}
    </ul>
  );
}
