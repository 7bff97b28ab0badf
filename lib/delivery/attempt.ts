import packageJson from "@/package.json";
import { config } from "@/lib/config";
import type { DisableRequest } from "./endpoint-health";
import { completeAttempt, type AttemptRecord, type ClaimedDelivery, type FinalStatus } from "./queue";
import { nextRetryDelayMs, parseRetryAfter } from "./schedule";
import { failedResult, sendHttp, type OutgoingRequest, type SendResult } from "./sender";
import { signatureHeader } from "./signing";
import { renderSlackMessage, slackGone } from "./slack";

export const USER_AGENT = `Nahook-Webhooks/${packageJson.version}`;

/** The HTTP request for one attempt: signed webhook, or a rendered Slack message (unsigned). */
export function buildRequest(claim: ClaimedDelivery & { payload: string }, now = Date.now()): OutgoingRequest {
  if (claim.endpointType === "slack") {
    const webhookUrl = typeof claim.config?.webhookUrl === "string" ? claim.config.webhookUrl : claim.url;
    const message = renderSlackMessage({ eventType: claim.eventType, messageId: claim.messageId, payload: claim.payload, createdAt: claim.messageCreatedAt });
    return { url: webhookUrl, body: JSON.stringify(message), headers: { "content-type": "application/json", "user-agent": USER_AGENT } };
  }
  // Re-signed on every attempt: receivers reject timestamps older than a few minutes.
  const timestamp = Math.floor(now / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": claim.messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signatureHeader(claim, claim.messageId, timestamp, claim.payload, now),
  };
  if (claim.authUsername !== null && claim.authPassword !== null) {
    headers.authorization = `Basic ${Buffer.from(`${claim.authUsername}:${claim.authPassword}`, "utf8").toString("base64")}`;
  }
  return { url: claim.url, body: claim.payload, headers };
}

interface Outcome {
  status: FinalStatus;
  nextAttemptAt: Date | null;
  disable: DisableRequest | null;
}

/** What a failed or successful attempt means for the delivery and its endpoint. */
export function decideOutcome(claim: ClaimedDelivery, result: SendResult, attemptNumber: number, now = Date.now()): Outcome {
  if (result.ok) return { status: "delivered", nextAttemptAt: null, disable: null };
  const code = result.statusCode;
  const gone = claim.endpointType === "slack" ? slackGone(code) : code === 410;
  if (gone) return { status: "failed", nextAttemptAt: null, disable: { reason: "gone", detail: `Receiver answered HTTP ${code}` } };
  const failingFor = claim.failingSince ? now - claim.failingSince.getTime() : 0;
  if (failingFor >= config().delivery.failingDisableMs && claim.failingSince) {
    const days = Math.round((failingFor / 86_400_000) * 10) / 10;
    return { status: "failed", nextAttemptAt: null, disable: { reason: "failing", detail: `No successful delivery for ${days} days` } };
  }
  const retryAfter = code === 429 || code === 503 ? parseRetryAfter(result.headers?.["retry-after"], now) : null;
  const bounded = retryAfter === null ? null : Math.min(retryAfter, config().delivery.maxRetryAfterMs);
  const delay = nextRetryDelayMs(attemptNumber, bounded);
  if (delay === null) return { status: "dead_letter", nextAttemptAt: null, disable: null };
  return { status: "scheduled_retry", nextAttemptAt: new Date(now + delay), disable: null };
}

function hasPayload(claim: ClaimedDelivery): claim is ClaimedDelivery & { payload: string } {
  return claim.payload !== null;
}

/**
 * Runs one claimed delivery to its recorded outcome. Returns when the next attempt is due (so
 * the worker can wake for it) or null. Never throws for a receiver's behaviour; database
 * errors propagate and the lease expiring makes the delivery due again.
 */
export async function runAttempt(
  claim: ClaimedDelivery,
  complete: (record: AttemptRecord) => Promise<boolean> = completeAttempt,
): Promise<Date | null> {
  const startedAt = new Date();
  const attemptNumber = claim.totalAttempts + 1;
  let result: SendResult;
  let outcome: Outcome;
  let url = claim.url;
  let neutral = false;

  if (!claim.isActive) {
    // Paused or disabled after this delivery was queued: keep it for a manual retry.
    result = failedResult("Endpoint is disabled; not sent");
    outcome = { status: "failed", nextAttemptAt: null, disable: null };
    neutral = true;
  } else if (!hasPayload(claim)) {
    result = failedResult("Payload no longer stored (retention); not sent");
    outcome = { status: "dead_letter", nextAttemptAt: null, disable: null };
    neutral = true;
  } else {
    const request = buildRequest(claim, startedAt.getTime());
    url = request.url;
    result = await sendHttp(request);
    outcome = decideOutcome(claim, result, attemptNumber);
  }

  const recorded = await complete({
    deliveryId: claim.id,
    endpointId: claim.endpointId,
    leaseOwner: claim.leaseOwner,
    attemptNumber,
    startedAt,
    status: outcome.status,
    nextAttemptAt: outcome.nextAttemptAt,
    url,
    success: result.ok,
    responseStatusCode: result.statusCode,
    responseTimeMs: result.statusCode === null && result.durationMs === 0 ? null : result.durationMs,
    responseHeaders: result.headers,
    responseBody: result.body,
    errorMessage: result.errorMessage,
    neutral,
    disable: outcome.disable,
  });
  return recorded ? outcome.nextAttemptAt : null;
}
