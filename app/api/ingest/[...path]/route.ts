import { dispatchIngestion } from "@/lib/ingestion/routes";

// What Next serves for the Ingestion API under `next dev` (and /ingest through the rewrite in
// next.config.ts). `npm start` answers these paths before Next sees them (lib/ingestion/node-handler.ts),
// with the same routing table.
const handler = (request: Request) => dispatchIngestion(request, new URL(request.url).pathname);

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
