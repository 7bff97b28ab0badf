import { InboxIcon } from "@/components/portal/icons";
import { EmptyState, LinkButton } from "@/components/portal/ui";

export default function PortalNotFound() {
  return (
    <div className="rounded-xl border border-slate-200 bg-white">
      <EmptyState page icon={<InboxIcon />} title="Not found" action={<LinkButton href="/portal" variant="primary">Back to endpoints</LinkButton>}>
        This page doesn&apos;t exist, or it was deleted.
      </EmptyState>
    </div>
  );
}
