/**
 * A Host header (RFC 9110: uri-host [":" port]) we can safely build a URL from. Anything else
 * (spaces, slashes, user info, junk ports) is the client's mistake and gets a 400 before any
 * handler runs — `new URL` would otherwise throw deep inside a request.
 */
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function isValidHostHeader(value: string | undefined): boolean {
  if (value === undefined) return true; // HTTP/1.0 clients may omit it
  return value.length <= 255 && HOST.test(value);
}
