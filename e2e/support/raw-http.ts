import http from "node:http";

/**
 * A bare HTTP/1.1 client for hostile requests: unlike fetch or Playwright's request context it
 * sends the path byte for byte (no dot-segment or percent normalisation), any method, any
 * Content-Type, chunked bodies, and never follows redirects.
 */

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function rawRequest(baseURL: string, req: RawRequest): Promise<RawResponse> {
  const base = new URL(baseURL);
  return new Promise((resolve, reject) => {
    let settled = false;
    const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
    if (body && !req.chunked) headers["content-length"] = body.length;
    const request = http.request(
      { host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: req.chunked ? false : agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (e) => !settled && reject(e));
      },
    );
    // A server that refuses an oversized body may close before reading all of it; only an
    // error before any response counts.
    request.on("error", (e) => {
      if (!settled) setTimeout(() => !settled && reject(e), 200);
    });
    if (body && req.chunked) {
      for (let offset = 0; offset < body.length; offset += 16 * 1024) request.write(body.subarray(offset, offset + 16 * 1024));
    } else if (body) request.write(body);
    request.end();
  });
}
