/**
 * Origins allowed to frame the Developer Portal. They end up verbatim in a CSP header, so they
 * are parsed and rebuilt from their parts: nothing the operator typed reaches the header except
 * a scheme, a host name and a port.
 */

export const MAX_FRAME_ORIGINS = 20;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * `https://app.example.com`, `https://*.example.com` (any subdomain), `https://example.com:8443`;
 * plain http only for loopback hosts (local development). Returns the normalised origin, or an
 * error message.
 */
export function normalizeFrameOrigin(input: string): { origin: string } | { error: string } {
  const text = input.trim();
  const wildcard = /^https?:\/\/\*\./i.test(text);
  let url: URL;
  try {
    // The URL parser does not accept `*` in a host; parse a stand-in label and put it back.
    url = new URL(wildcard ? text.replace("*.", "wildcard-label.") : text);
  } catch {
    return { error: "must be an origin such as https://app.example.com" };
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/" || /[?#@]/.test(text.replace(/^[a-z]+:\/\//i, ""))) {
    return { error: "must be an origin only: scheme, host and optional port, no path, query or credentials" };
  }
  if (!/^[a-z]+:\/\/[^/]+\/?$/i.test(text)) return { error: "must be an origin only: scheme, host and optional port" };
  const host = wildcard ? url.hostname.replace(/^wildcard-label\./, "*.") : url.hostname;
  if (url.protocol === "http:") {
    if (!LOOPBACK.has(host)) return { error: "must use https (plain http is allowed for localhost, 127.0.0.1 and [::1] only)" };
  } else if (url.protocol !== "https:") {
    return { error: "must use https" };
  }
  const labels = (wildcard ? host.slice(2) : host).split(".");
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  if (!isIp && (!labels.every((l) => LABEL.test(l)) || (wildcard && labels.length < 2))) {
    return { error: "has an invalid host name" };
  }
  return { origin: `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}` };
}

/** The CSP directive for a list of normalised origins; an empty list refuses every frame. */
export function frameAncestorsDirective(origins: readonly string[]): string {
  return `frame-ancestors ${origins.length ? origins.join(" ") : "'none'"}`;
}
