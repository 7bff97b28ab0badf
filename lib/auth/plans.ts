import type { Workspace } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";

export type PlanName = "free" | "pro" | "enterprise";

/** Applications and the Developer Portal are Pro features (spec §5, §13). */
export const PAID_PLANS: readonly PlanName[] = ["pro", "enterprise"];

/** A workspace filter for Prisma: still on a plan with applications and the portal. */
export const ON_A_PAID_PLAN = { plan: { in: [...PAID_PLANS] } };

export function requirePlan(workspace: Pick<Workspace, "plan">, plans: readonly PlanName[]): void {
  if (!plans.includes(workspace.plan)) {
    throw new ApiError(
      "plan_required",
      `This feature requires the ${plans.join(" or ")} plan; the workspace is on the ${workspace.plan} plan`,
    );
  }
}
