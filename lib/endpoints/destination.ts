import { config } from "@/lib/config";
import { ApiError } from "@/lib/http/errors";
import { assertPublicHost, BlockedDestinationError, privateNetworksAllowed } from "@/lib/net/private-address";

/** Hosts accepted for Slack incoming webhooks; tests point it at a local receiver. */
export function slackWebhookHosts(): string[] {
  return config().slackWebhookHosts;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_error", `${field}: ${message}`, [{ field, message }]);
}

function parseHttpUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(field, "must use http or https");
  if (url.username || url.password) throw invalid(field, "must not contain credentials; use authUsername/authPassword");
  return url;
}

const RESOLVE_TIMEOUT_MS = 2000;

/**
 * Refuses destinations that are (or resolve to) private addresses, unless allowed. A name that
 * does not resolve right now is accepted: DNS may be temporarily unavailable, and the sender
 * checks the address it actually connects to on every attempt anyway.
 */
async function assertAllowedDestination(url: URL, field: string): Promise<void> {
  if (privateNetworksAllowed()) return;
  try {
    await Promise.race([
      assertPublicHost(url.hostname),
      new Promise((resolve) => setTimeout(resolve, RESOLVE_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    if (error instanceof BlockedDestinationError) {
      // Customers (and anyone probing) learn nothing about what a name resolves to inside our
      // network; the operator gets the detail in the server log.
      console.error(`[nahook] endpoint destination refused: ${error.message}`);
      throw invalid(field, "destination not allowed");
    }
  }
}

/** Validates a webhook destination URL; returns it normalised. */
export async function validateWebhookUrl(value: string, field = "url"): Promise<string> {
  const url = parseHttpUrl(value, field);
  await assertAllowedDestination(url, field);
  return url.toString();
}

/** Validates a Slack incoming-webhook URL: https on Slack's host (or a configured override host). */
export async function validateSlackWebhookUrl(value: string, field = "config.webhookUrl"): Promise<string> {
  const url = parseHttpUrl(value, field);
  const hosts = slackWebhookHosts();
  if (!hosts.includes(url.hostname.toLowerCase())) throw invalid(field, `must be a Slack incoming webhook URL (https://${hosts[0]}/services/…)`);
  // Slack itself is https only; plain http is tolerated for override hosts (local test receivers).
  if (url.protocol !== "https:" && url.hostname === "hooks.slack.com") throw invalid(field, "must use https");
  await assertAllowedDestination(url, field);
  return url.toString();
}
