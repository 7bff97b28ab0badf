import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { isPrivateAddress, privateNetworksAllowed } from "@/lib/net/private-address";
import { config } from "@/lib/config";

/**
 * One outgoing HTTP POST with the guarantees webhooks need: a hard deadline, no redirects,
 * a capped response capture, and a private-address check on the address actually connected
 * to (in the socket's DNS lookup, so a name that re-resolves to 127.0.0.1 between checks —
 * DNS rebinding — is still refused). Never throws: every outcome is a SendResult.
 */

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  headers: Record<string, string> | null;
  /** First responseCaptureBytes of the body, as text. */
  body: string | null;
  durationMs: number;
  errorMessage: string | null;
  /** The request never left: the destination is not allowed. */
  refused: boolean;
}

/** The result of a request that got no complete answer; `extra` keeps what did arrive. */
export function failedResult(errorMessage: string, extra: Partial<SendResult> = {}): SendResult {
  return { ok: false, statusCode: null, headers: null, body: null, durationMs: 0, errorMessage, refused: false, ...extra };
}

const REFUSED = "ERR_NAHOOK_DESTINATION_REFUSED";

/** What customers see when the sender refuses an address. */
export const DESTINATION_NOT_ALLOWED = "Destination not allowed";

class RefusedDestination extends Error {
  readonly code = REFUSED;
}

/** Why an address may not be contacted, or null when it may. Exported for tests. */
export function refusalFor(address: string, host = address): string | null {
  if (privateNetworksAllowed() || !isPrivateAddress(address)) return null;
  // The attempt's error is shown to customers: it must not map our network or name our
  // settings. The operator finds the detail in the server log.
  console.error(`[nahook] destination refused: ${host} resolves to a private or reserved address (${address}); NAHOOK_ALLOW_PRIVATE_NETWORKS=true allows it`);
  return DESTINATION_NOT_ALLOWED;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    for (const entry of addresses) {
      const refusal = refusalFor(entry.address, hostname);
      if (refusal) return callback(new RefusedDestination(refusal), "");
    }
    if (addresses.length === 0) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), "");
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
}

// Keep-alive pools: most traffic goes to few receivers, and a TLS handshake per delivery would
// dominate. Idle sockets close before typical servers' 5 s keep-alive timeout to avoid races.
const agentOptions = { keepAlive: true, maxSockets: 256, timeout: 4_000, scheduling: "lifo" as const, lookup: guardedLookup as never };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function describeError(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case REFUSED:
      return error.message;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `DNS lookup failed for ${url.hostname} (${error.code})`;
    case "ECONNREFUSED":
      return `Connection refused by ${url.host}`;
    case "ECONNRESET":
      return "Connection reset by the receiver";
    default:
      return error.code ? `${error.message} (${error.code})` : error.message;
  }
}

export async function sendHttp(request: OutgoingRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (errorMessage: string, refused = false) => failedResult(errorMessage, { durationMs: elapsed(), refused });

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return failed(`Invalid URL: ${request.url}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return failed(`Unsupported URL scheme ${url.protocol}`);
  // Literal IPs never reach the lookup hook, so they are checked here.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const refusal = refusalFor(host, url.hostname);
    if (refusal) return failed(refusal, true);
  }

  const first = await attempt(url, request, started);
  // A kept-alive socket the receiver closed while idle fails before any byte of response;
  // that says nothing about the receiver, so try once more on a fresh connection.
  if (first.staleSocket) return attempt(url, request, started).then((r) => r.result);
  return first.result;
}

function attempt(url: URL, request: OutgoingRequest, started: number): Promise<{ result: SendResult; staleSocket?: boolean }> {
  const timeoutMs = request.timeoutMs ?? config().delivery.timeoutMs;
  const cap = config().delivery.responseCaptureBytes;
  const body = Buffer.from(request.body, "utf8");
  const elapsed = () => Math.round(performance.now() - started);

  return new Promise((resolve) => {
    let settled = false;
    let response: http.IncomingMessage | null = null;
    const chunks: Buffer[] = [];
    let captured = 0;

    const finish = (result: SendResult, staleSocket = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ result, staleSocket });
    };
    const fail = (message: string, refused = false) =>
      finish(
        failedResult(message, {
          statusCode: response?.statusCode ?? null,
          headers: response ? headerRecord(response.headers) : null,
          body: response ? captureText(chunks) : null,
          durationMs: elapsed(),
          refused,
        }),
      );

    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, {
      method: "POST",
      agent: url.protocol === "https:" ? httpsAgent : httpAgent,
      headers: { ...request.headers, "content-length": String(body.byteLength) },
    });

    const timer = setTimeout(() => {
      fail(`Timed out after ${timeoutMs} ms${response ? " reading the response" : ""}`);
      req.destroy();
    }, timeoutMs);

    req.on("socket", (socket) => {
      // A pooled socket skips the lookup hook; check where it is actually connected.
      if (!socket.connecting && socket.remoteAddress) {
        const refusal = refusalFor(socket.remoteAddress, url.hostname);
        if (refusal) {
          fail(refusal, true);
          req.destroy();
        }
      }
    });

    req.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      const stale = req.reusedSocket && !response && (error.code === "ECONNRESET" || error.code === "EPIPE");
      if (stale) return finish(failedResult("stale socket"), true);
      fail(describeError(error, url), error.code === REFUSED);
    });

    req.on("response", (res) => {
      response = res;
      const status = res.statusCode ?? 0;
      const complete = () => {
        const ok = status >= 200 && status < 300;
        finish({
          ok,
          statusCode: status,
          headers: headerRecord(res.headers),
          body: captureText(chunks),
          durationMs: elapsed(),
          errorMessage: ok ? null : status >= 300 && status < 400 ? `Redirect (HTTP ${status}) not followed` : `HTTP ${status}`,
          refused: false,
        });
      };
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        const room = cap - captured;
        if (room > 0) {
          chunks.push(room >= chunk.byteLength ? chunk : chunk.subarray(0, room));
          captured += Math.min(room, chunk.byteLength);
        }
        // Past the cap the rest is not worth reading (it could be a gigabyte): drop the socket.
        if (captured >= cap) {
          complete();
          res.destroy();
        }
      });
      res.on("end", complete);
      res.on("error", (error: NodeJS.ErrnoException) => fail(describeError(error, url)));
      res.on("aborted", () => fail("Connection closed by the receiver before the response ended"));
    });

    req.end(body);
  });
}

/** PostgreSQL text cannot hold NUL; a truncated multi-byte character decodes to U+FFFD. */
function captureText(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString("utf8").replace(/\u0000/g, "");
}

/** Closes pooled sockets (graceful shutdown, tests). */
export function closeSenderSockets(): void {
  httpAgent.destroy();
  httpsAgent.destroy();
}
