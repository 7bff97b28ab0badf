import type { IncomingMessage } from "node:http";
import { config } from "@/lib/config";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "@/lib/json/depth";
import { ApiError } from "./errors";


/**
 * Reads a JSON request body with a hard size cap (streamed, so an oversized body is never
 * buffered whole). An empty body reads as `{}`: SDKs send no body when there are no options.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > config().maxBodyBytes) throw tooLarge();
  const text = await readTextCapped(request);
  if (text.trim() === "") return {};
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType.trim())) {
    throw new ApiError("unsupported_media_type", "Content-Type must be application/json");
  }
  // Before parsing: nothing downstream (validation, JSON.stringify, rendering) has to survive
  // a hostile depth, and the scan is one cheap pass over at most MAX_BODY_BYTES.
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new ApiError("bad_request", `Request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON");
  }
}

function tooLarge() {
  return new ApiError("payload_too_large", `Request body exceeds ${config().maxBodyBytes} bytes`);
}

/**
 * Bodies of requests that the node:http fast path (lib/ingestion/node-handler.ts) hands over
 * without a web stream: read straight from node's request, only when a handler asks (after it
 * has authenticated the caller), with the same cap. Turning every request into a web stream cost
 * that path about a tenth of its CPU per single send.
 */
const nodeBodies = new WeakMap<Request, IncomingMessage>();

export function attachNodeBody(request: Request, req: IncomingMessage): void {
  nodeBodies.set(request, req);
}

const endedEarly = () => new ApiError("bad_request", "The request body ended before it was complete");

/** Collects chunks, refusing the one that takes the body past the cap. */
function cappedChunks() {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    chunks,
    add(chunk: Uint8Array) {
      size += chunk.byteLength;
      if (size > config().maxBodyBytes) throw tooLarge();
      chunks.push(chunk);
    },
  };
}

async function readWebBody(request: Request, sink: ReturnType<typeof cappedChunks>): Promise<void> {
  if (!request.body) return;
  const reader = request.body.getReader();
  for (;;) {
    // A client that hangs up mid-body is not a server fault: a 4xx nobody reads, and no stack trace.
    const { done, value } = await reader.read().catch(() => {
      throw endedEarly();
    });
    if (done) return;
    try {
      sink.add(value);
    } catch (error) {
      await reader.cancel().catch(() => {});
      throw error;
    }
  }
}

function readNodeBody(req: IncomingMessage, sink: ReturnType<typeof cappedChunks>): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onFailure);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      try {
        sink.add(chunk);
      } catch (error) {
        // Left unread: the fast path closes the connection rather than read the rest.
        stop();
        req.pause();
        reject(error);
      }
    };
    const onEnd = () => (stop(), resolve());
    const onFailure = () => (stop(), reject(endedEarly()));
    const onClose = () => {
      if (!req.readableEnded) onFailure();
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onFailure);
    req.once("close", onClose);
  });
}

async function readTextCapped(request: Request): Promise<string> {
  const sink = cappedChunks();
  const node = nodeBodies.get(request);
  await (node ? readNodeBody(node, sink) : readWebBody(request, sink));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(sink.chunks.length === 1 ? sink.chunks[0] : Buffer.concat(sink.chunks));
  } catch {
    throw new ApiError("bad_request", "Request body is not valid UTF-8");
  }
}
