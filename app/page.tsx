import Link from "next/link";

const surfaces = [
  { name: "Management API", path: "/management/v1/workspaces/{workspaceId}/…", text: "Applications, endpoints, event types, subscriptions, environments, deliveries, audit logs. Bearer nhm_… token." },
  { name: "Ingestion API", path: "/api/ingest/…", text: "Send to one endpoint or trigger an event type; batches of up to 20. Bearer nhk_… key." },
  { name: "Developer Portal", path: "/s/{code}", text: "One-time links minted by the Management API open a role-gated portal for your customer." },
];

export default function Home() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wider text-indigo-600">Nahook server</p>
      <h1 className="mt-2 text-4xl font-bold tracking-tight">Webhooks, delivered.</h1>
      <p className="mt-4 text-lg text-slate-600">
        This server sends your events to your customers&apos; endpoints — signed with Standard Webhooks, retried with
        backoff, and recorded attempt by attempt — and gives each customer a Developer Portal to manage their own endpoints.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link href="/docs" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400">
          API reference
        </Link>
        <a href="/management/v1/openapi.json" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-700 hover:bg-slate-100">
          OpenAPI 3.1 document
        </a>
      </div>
      <ul className="mt-12 grid gap-4">
        {surfaces.map((s) => (
          <li key={s.name} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-semibold">{s.name}</h2>
            <code className="mt-1 block text-sm text-slate-500">{s.path}</code>
            <p className="mt-2 text-slate-600">{s.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
