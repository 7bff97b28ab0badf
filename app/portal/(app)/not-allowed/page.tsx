import { LockIcon } from "@/components/portal/icons";
import { EmptyState, LinkButton } from "@/components/portal/ui";
import { ALL_SCOPES, ROLE_SCOPES, SCOPE_LABELS, type PortalScope } from "@/lib/portal/permissions";
import { requirePortalPage } from "@/lib/portal/session";

export const metadata = { title: "Not allowed" };

export default async function NotAllowedPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const ctx = await requirePortalPage();
  const { scope } = await searchParams;
  const wanted = ALL_SCOPES.find((s) => s === scope) as PortalScope | undefined;
  const roles = wanted ? (Object.keys(ROLE_SCOPES) as (keyof typeof ROLE_SCOPES)[]).filter((r) => (ROLE_SCOPES[r] as readonly string[]).includes(wanted)) : [];
  return (
    <div className="rounded-xl border border-slate-200 bg-white">
      <EmptyState page icon={<LockIcon />} title="Your access doesn't include this" action={<LinkButton href="/portal" variant="primary">Back to endpoints</LinkButton>}>
        <p>
          You are signed in as <strong>{ctx.role}</strong>.
          {wanted && <> “{SCOPE_LABELS[wanted]}” needs the {roles.join(" or ")} role.</>}
        </p>
        <p className="mt-2">Ask the team that gave you access for a link with more permissions.</p>
      </EmptyState>
    </div>
  );
}
