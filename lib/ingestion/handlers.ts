import { sendBatchOp, sendOp, triggerBatchOp, triggerOp } from "@/lib/api/ingestion";
import { sendBatch, triggerBatch } from "./batch";
import { ingestionRoute } from "./route";
import { sendToEndpoint } from "./send";
import { triggerEvent } from "./trigger";

// The four ingestion handlers, mounted twice by thin route files: under /api/ingest (SDKs)
// and /ingest (the CLI, spec §12.1).

export const sendHandler = ingestionRoute(sendOp, ({ ctx, params, body }) => sendToEndpoint(ctx, { ...body, endpointId: params.endpointId }));

export const triggerHandler = ingestionRoute(triggerOp, ({ ctx, params, body }) => triggerEvent(ctx, { ...body, eventType: params.eventType }));

export const sendBatchHandler = ingestionRoute(sendBatchOp, ({ ctx, body }) => sendBatch(ctx, body.items));

export const triggerBatchHandler = ingestionRoute(triggerBatchOp, ({ ctx, body }) => triggerBatch(ctx, body.items));
