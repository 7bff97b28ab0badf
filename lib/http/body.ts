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

async function readTextCapped(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    // A client that hangs up mid-body is not a server fault: a 4xx nobody reads, and no stack trace.
    const { done, value } = await reader.read().catch(() => {
      throw new ApiError("bad_request", "The request body ended before it was complete");
    });
    if (done) break;
    size += value.byteLength;
    if (size > config().maxBodyBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError("bad_request", "Request body is not valid UTF-8");
  }
}
