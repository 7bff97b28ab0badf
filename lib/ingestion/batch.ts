import { SendBatchItem, TriggerBatchItem } from "@/lib/api/ingestion";
import type { IngestionContext } from "@/lib/auth/ingestion";
import { enqueueBatch, type EnqueueInput, type EnqueueOutcome } from "@/lib/delivery/queue";
import { ApiError } from "@/lib/http/errors";
import { parseWith } from "@/lib/http/parse";
import { prepareSend, settleSend } from "./send";
import { loadValidators, lookupEventTypes, prepareTrigger, settleTrigger } from "./trigger";

type ItemResult = ({ index: number } & Record<string, unknown>) | { index: number; error: { code: string; message: string } };

/** One item's way through a batch: what it writes (null: nothing) and how to answer from the outcome. */
interface Prepared {
  enqueue: EnqueueInput | null;
  settle: (outcome: EnqueueOutcome | null) => Promise<Record<string, unknown>>;
}

function itemError(index: number, error: unknown): ItemResult {
  if (error instanceof ApiError) return { index, error: { code: error.code, message: error.message } };
  console.error(`ingestion batch item ${index} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { index, error: { code: "server_error", message: "Internal server error" } };
}

/**
 * Batch semantics (spec §12.4, choices documented in the README): every item is validated and
 * answered on its own, so one bad item never rejects the others; the valid items are written
 * together in ONE statement (one commit), where an idempotency conflict of one item leaves the
 * others written. 202 when every item is accepted, 207 Multi-Status otherwise — including when
 * none is, so the caller always gets the per-item errors. 0 or more than 20 items is a 400 for
 * the whole request.
 */
async function runBatch<T>(items: T[], prepare: (item: T) => Prepared): Promise<Response> {
  const results: ItemResult[] = new Array(items.length);
  const prepared: { index: number; item: Prepared }[] = [];
  items.forEach((item, index) => {
    try {
      prepared.push({ index, item: prepare(item) });
    } catch (error) {
      results[index] = itemError(index, error);
    }
  });
  const writes = prepared.filter((p) => p.item.enqueue);
  let outcomes: EnqueueOutcome[] = [];
  let writeError: unknown = null;
  if (writes.length > 0) {
    try {
      outcomes = await enqueueBatch(writes.map((p) => p.item.enqueue!));
    } catch (error) {
      writeError = error;
    }
  }
  const outcomeOf = new Map(writes.map((p, i) => [p.index, outcomes[i]]));
  await Promise.all(
    prepared.map(async ({ index, item }) => {
      try {
        if (item.enqueue && writeError) throw writeError;
        results[index] = { index, ...(await item.settle(outcomeOf.get(index) ?? null)) };
      } catch (error) {
        results[index] = itemError(index, error);
      }
    }),
  );
  const allAccepted = results.every((r) => !("error" in r));
  return Response.json({ items: results }, { status: allAccepted ? 202 : 207 });
}

export function sendBatch(ctx: IngestionContext, items: unknown[]) {
  return runBatch(items, (raw) => {
    const input = parseWith(SendBatchItem, raw, "item");
    const { idempotencyKey, enqueue } = prepareSend(ctx, input);
    return { enqueue, settle: (outcome) => settleSend(ctx, input, idempotencyKey, outcome!) };
  });
}

export async function triggerBatch(ctx: IngestionContext, items: unknown[]) {
  // Each item is parsed once: its outcome serves both the type lookup and the item's own answer.
  const parsed = items.map((raw) => {
    try {
      return { input: parseWith(TriggerBatchItem, raw, "item") };
    } catch (error) {
      return { error };
    }
  });
  // Every item's event type and subscribers in one query.
  const types = await lookupEventTypes(ctx, parsed.flatMap((p) => (p.input ? [p.input.eventType] : [])));
  const validators = await loadValidators(types);
  return runBatch(parsed, ({ input, error }) => {
    if (!input) throw error;
    const { targets, idempotencyKey, enqueue } = prepareTrigger(ctx, input, types, validators);
    return { enqueue, settle: (outcome) => settleTrigger(ctx, targets, idempotencyKey, outcome) };
  });
}
