/**
 * The origin the client used to reach us. Behind a reverse proxy the forwarded headers carry the
 * public scheme and host; the first value wins when a chain of proxies appended theirs.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const first = (value: string | null) => value?.split(",")[0]?.trim() || null;
  const proto = first(request.headers.get("x-forwarded-proto")) ?? url.protocol.replace(/:$/, "");
  const host = first(request.headers.get("x-forwarded-host")) ?? request.headers.get("host") ?? url.host;
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

export function isHttps(request: Request): boolean {
  return requestOrigin(request).startsWith("https:");
}
