import { LIMITS } from "@/lib/limits";

/**
 * What the browser checks while the customer types, mirroring the server's rules (the server
 * checks again, including private-network rules the browser cannot know).
 */
export function destinationError(type: "webhook" | "slack", value: string, slackHosts: string[]): string | null {
  const text = value.trim();
  if (!text) return type === "slack" ? "Enter your Slack incoming webhook URL." : "Enter the URL that should receive webhooks.";
  if (text.length > LIMITS.urlLength) return `The URL is too long (${LIMITS.urlLength} characters at most).`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, such as https://api.example.com/webhooks";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https:// or http://";
  if (!url.hostname) return "The URL needs a host name.";
  if (url.username || url.password) return "Remove the user name and password from the URL.";
  if (type === "slack") {
    if (!slackHosts.includes(url.hostname.toLowerCase())) return `Use a Slack incoming webhook URL (https://${slackHosts[0] ?? "hooks.slack.com"}/services/…).`;
    if (url.hostname === "hooks.slack.com" && url.protocol !== "https:") return "Slack webhook URLs start with https://";
  }
  return null;
}
