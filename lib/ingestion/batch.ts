import { SendBatchItem, TriggerBatchItem } from "@/lib/api/ingestion";
import type { IngestionContext } from "@/lib/auth/ingestion";
import { ApiError } from "@/lib/http/errors";
import { parseWith } from "@/lib/http/parse";
import { sendToEndpoint } from "./send";
import { triggerEvent } from "./trigger";

type ItemResult = ({ index: number } & Record<string, unknown>) | { index: number; error: { code: string; message: string } };

/**
 * Batch semantics (spec §12.4, choices documented in the README): every item is validated
 * and written on its own, so one bad item never rejects the others; 202 when every item is
 * accepted, 207 Multi-Status otherwise — including when none is, so the caller always gets
 * the per-item errors. 0 or more than 20 items is a 400 for the whole request.
 */
async function runBatch(items: unknown[], one: (item: unknown) => Promise<Record<string, unknown>>): Promise<Response> {
  const results: ItemResult[] = await Promise.all(
    items.map(async (item, index) => {
      try {
        return { index, ...(await one(item)) };
      } catch (error) {
        if (error instanceof ApiError) return { index, error: { code: error.code, message: error.message } };
        console.error(`ingestion batch item ${index} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { index, error: { code: "server_error", message: "Internal server error" } };
      }
    }),
  );
  const allAccepted = results.every((r) => !("error" in r));
  return Response.json({ items: results }, { status: allAccepted ? 202 : 207 });
}

export function sendBatch(ctx: IngestionContext, items: unknown[]) {
  return runBatch(items, (item) => sendToEndpoint(ctx, parseWith(SendBatchItem, item, "item")));
}

export function triggerBatch(ctx: IngestionContext, items: unknown[]) {
  return runBatch(items, (item) => triggerEvent(ctx, parseWith(TriggerBatchItem, item, "item")));
}
