import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Requests Node's HTTP parser refuses before any handler sees them (an unknown method, a broken
 * request line, oversized headers, a body longer than its Content-Length) get the contract's
 * envelope instead of Node's empty 400, and a client that already hung up is not answered at all.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error.code));
}

export function clientErrorResponse(code: string | undefined): string {
  const [status, message] =
    code === "HPE_HEADER_OVERFLOW" ? [431, "The request line or headers are too large"]
    : code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "The request took too long to arrive"]
    : [400, "The request is not valid HTTP/1.1"];
  const body = JSON.stringify({ error: { code: "bad_request", message } });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}
