import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ClockIcon, LogOutIcon } from "@/components/portal/icons";
import { PORTAL_ICON } from "@/lib/portal/icon";
import { loadPortal } from "@/lib/portal/session";

export const metadata: Metadata = { title: "Session ended", robots: { index: false, follow: false }, icons: { icon: PORTAL_ICON } };

export default async function SessionEndedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  // Reached with a session that is still live (Back, a bookmark): nothing has ended.
  if (await loadPortal()) redirect("/portal");
  const signedOut = (await searchParams).reason === "signed-out";
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-xs">
        <div className="flex size-11 items-center justify-center rounded-full bg-slate-100 text-slate-600">
          {signedOut ? <LogOutIcon className="size-5" /> : <ClockIcon className="size-5" />}
        </div>
        <h1 className="mt-5 text-xl font-semibold text-slate-900">{signedOut ? "You're signed out" : "Your session has ended"}</h1>
        <p className="mt-2 text-sm leading-relaxed text-slate-600">
          {signedOut
            ? "You have left the Developer Portal. Nothing else to do — you can close this tab."
            : "Developer Portal sessions last a limited time to keep your account safe."}
        </p>
        <p className="mt-3 text-sm leading-relaxed text-slate-600">
          To continue, go back to the application that sent you here and open the Developer Portal again.
        </p>
      </div>
    </main>
  );
}
