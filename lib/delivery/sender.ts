import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { urlToHttpOptions } from "node:url";
import { isPrivateAddress, privateNetworksAllowed } from "@/lib/net/private-address";
import { config } from "@/lib/config";

/**
 * One outgoing HTTP POST with the guarantees webhooks need: a hard deadline for the whole
 * exchange (a body trickled in byte by byte still ends there), a shorter connect deadline, no redirects,
 * a capped response capture, and a private-address check on the address actually connected
 * to (in the socket's DNS lookup, so a name that re-resolves to 127.0.0.1 between checks —
 * DNS rebinding — is still refused). Never throws: every outcome is a SendResult.
 */

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  connectTimeoutMs?: number;
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

/** A parsed destination, kept per URL string: most deliveries go to few URLs. */
interface Target {
  url: URL;
  https: boolean;
  /** The host without IPv6 brackets, when it is a literal IP (which never reaches the lookup hook). */
  literalIp: string | null;
  /** http.request's options for the URL (computed once rather than per request). */
  options: http.RequestOptions;
}

const TARGETS_MAX = 1_000;
const targets = new Map<string, Target>();

/** The target for a URL, or why it cannot be sent to. */
function targetFor(raw: string): Target | string {
  const known = targets.get(raw);
  if (known) return known;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Invalid URL: ${raw}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `Unsupported URL scheme ${url.protocol}`;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Only what a request uses: the agent copies the options object (twice) for every request.
  const { protocol, hostname, port, path, auth } = urlToHttpOptions(url);
  const options: http.RequestOptions = { protocol, hostname, path };
  if (port !== undefined) options.port = port;
  if (auth !== undefined) options.auth = auth;
  const target: Target = { url, https: url.protocol === "https:", literalIp: net.isIP(host) ? host : null, options };
  if (targets.size >= TARGETS_MAX) targets.delete(targets.keys().next().value!);
  targets.set(raw, target);
  return target;
}

export async function sendHttp(request: OutgoingRequest): Promise<SendResult> {
  const started = performance.now();
  const target = targetFor(request.url);
  if (typeof target === "string") return failedResult(target, { durationMs: Math.round(performance.now() - started) });
  // Literal IPs never reach the lookup hook, so they are checked here.
  if (target.literalIp !== null) {
    const refusal = refusalFor(target.literalIp, target.url.hostname);
    if (refusal) return failedResult(refusal, { durationMs: Math.round(performance.now() - started), refused: true });
  }

  const first = await attempt(target, request, started);
  // A kept-alive socket the receiver closed while idle fails before any byte of response;
  // that says nothing about the receiver, so try once more on a fresh connection.
  if (first.staleSocket) return attempt(target, request, started).then((r) => r.result);
  return first.result;
}

type Settle = (value: { result: SendResult; staleSocket?: boolean }) => void;

function attempt(target: Target, request: OutgoingRequest, started: number): Promise<{ result: SendResult; staleSocket?: boolean }> {
  return new Promise((resolve) => new Exchange(target, request, started, resolve));
}

/**
 * One request/response exchange. A class rather than closures: the worker runs under tsx, whose
 * transform names every named closure with a defineProperty call per creation, and an exchange
 * created half a dozen of them per delivery (~3 % of the worker's CPU in a fan-out drain).
 */
class Exchange {
  private settled = false;
  private response: http.IncomingMessage | null = null;
  private readonly chunks: Buffer[] = [];
  private captured = 0;
  private readonly cap = config().delivery.responseCaptureBytes;
  private readonly timer: NodeJS.Timeout;
  private connectTimer: NodeJS.Timeout | null = null;
  private readonly req: http.ClientRequest;

  constructor(
    private readonly target: Target,
    private readonly request: OutgoingRequest,
    private readonly started: number,
    private readonly resolve: Settle,
  ) {
    const timeoutMs = request.timeoutMs ?? config().delivery.timeoutMs;
    const body = Buffer.from(request.body, "utf8");
    const transport = target.https ? https : http;
    const req = (this.req = transport.request({
      ...target.options,
      method: "POST",
      agent: target.https ? httpsAgent : httpAgent,
      headers: { ...request.headers, "content-length": String(body.byteLength) },
    }));

    this.timer = setTimeout(() => {
      this.fail(`Timed out after ${timeoutMs} ms${this.response ? " reading the response" : ""}`);
      req.destroy();
    }, timeoutMs);

    req.on("close", () => this.clearConnectTimer());
    req.on("socket", (socket) => this.onSocket(socket, timeoutMs));
    req.on("error", (error: NodeJS.ErrnoException) => this.onError(error));
    req.on("response", (res) => this.onResponse(res));
    req.end(body);
  }

  private elapsed() {
    return Math.round(performance.now() - this.started);
  }

  private finish(result: SendResult, staleSocket = false) {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.clearConnectTimer();
    this.resolve({ result, staleSocket });
  }

  private fail(message: string, refused = false) {
    const response = this.response;
    this.finish(
      failedResult(message, {
        statusCode: response?.statusCode ?? null,
        headers: response ? headerRecord(response.headers) : null,
        body: response ? captureText(this.chunks) : null,
        durationMs: this.elapsed(),
        refused,
      }),
    );
  }

  private clearConnectTimer() {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private onSocket(socket: net.Socket, timeoutMs: number) {
    const url = this.target.url;
    if (socket.connecting) {
      // A receiver that is down or filtered should cost seconds, not the whole deadline.
      const connectMs = this.request.connectTimeoutMs ?? config().delivery.connectTimeoutMs;
      if (connectMs < timeoutMs) {
        this.connectTimer = setTimeout(() => {
          this.fail(`Could not connect to ${url.host} within ${connectMs} ms`);
          this.req.destroy();
        }, connectMs);
        socket.once(this.target.https ? "secureConnect" : "connect", () => this.clearConnectTimer());
      }
    }
    // A pooled socket skips the lookup hook; check where it is actually connected.
    if (!socket.connecting && socket.remoteAddress) {
      const refusal = refusalFor(socket.remoteAddress, url.hostname);
      if (refusal) {
        this.fail(refusal, true);
        this.req.destroy();
      }
    }
  }

  private onError(error: NodeJS.ErrnoException) {
    if (this.settled) return;
    const stale = this.req.reusedSocket && !this.response && (error.code === "ECONNRESET" || error.code === "EPIPE");
    if (stale) return this.finish(failedResult("stale socket"), true);
    this.fail(describeError(error, this.target.url), error.code === REFUSED);
  }

  private onResponse(res: http.IncomingMessage) {
    this.response = res;
    res.on("data", (chunk: Buffer) => this.onData(res, chunk));
    res.on("end", () => this.complete(res));
    res.on("error", (error: NodeJS.ErrnoException) => this.fail(describeError(error, this.target.url)));
    res.on("aborted", () => this.fail("Connection closed by the receiver before the response ended"));
  }

  private onData(res: http.IncomingMessage, chunk: Buffer) {
    if (this.settled) return;
    const room = this.cap - this.captured;
    if (room > 0) {
      this.chunks.push(room >= chunk.byteLength ? chunk : chunk.subarray(0, room));
      this.captured += Math.min(room, chunk.byteLength);
    }
    // Past the cap the rest is not worth reading (it could be a gigabyte): drop the socket.
    if (this.captured >= this.cap) {
      this.complete(res);
      res.destroy();
    }
  }

  private complete(res: http.IncomingMessage) {
    if (this.settled) return;
    const status = res.statusCode ?? 0;
    const ok = status >= 200 && status < 300;
    this.finish({
      ok,
      statusCode: status,
      headers: headerRecord(res.headers),
      body: captureText(this.chunks),
      durationMs: this.elapsed(),
      errorMessage: ok ? null : status >= 300 && status < 400 ? `Redirect (HTTP ${status}) not followed` : `HTTP ${status}`,
      refused: false,
    });
  }
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
