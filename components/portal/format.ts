/**
 * How an endpoint is named on screen. A Slack incoming-webhook URL is itself a credential, so
 * only its workspace/channel ids are shown, never the token at the end.
 */
export function endpointDisplayName(endpoint: { type: string; url: string }): string {
  if (endpoint.type !== "slack") return endpoint.url;
  try {
    const url = new URL(endpoint.url);
    const parts = url.pathname.split("/").filter(Boolean);
    const shown = parts.length > 1 ? [...parts.slice(0, -1), "••••"] : ["••••"];
    return `${url.host}/${shown.join("/")}`;
  } catch {
    return "Slack incoming webhook";
  }
}

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A configured period in hours, as a person would say it: "5 days", "36 hours", "1 hour". */
export function hoursInWords(hours: number): string {
  return hours >= 24 && hours % 24 === 0 ? pluralize(hours / 24, "day") : pluralize(hours, "hour");
}

/**
 * An id shortened to its kind and its tail (`del_…c7r3t3`): ids continue with their creation
 * time, so cutting the end would leave neighbours looking the same.
 */
export function shortId(id: string): string {
  const kind = id.slice(0, id.indexOf("_") + 1);
  return id.length <= kind.length + 8 ? id : `${kind}…${id.slice(-6)}`;
}
