/**
 * Renders an event as a Slack Incoming Webhook message: a `text` fallback (notifications,
 * clients without blocks) plus blocks showing the event type and a compact view of the
 * payload. Slack limits: section text ≤ 3000 characters, header text ≤ 150, ≤ 50 blocks.
 */

import { jsonDepthExceeds } from "@/lib/json/depth";

const SECTION_LIMIT = 3000;
/** Deeper payloads are shown compact: a 3000-character section cannot show deep structure anyway. */
const PRETTY_MAX_DEPTH = 16;
const HEADER_LIMIT = 150;
const FENCE = "```";

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const marker = "… (truncated)";
  return text.slice(0, limit - marker.length) + marker;
}

/**
 * Pretty JSON when it fits, compact JSON otherwise, cut at the section limit. Only a payload that
 * could fit pretty-printed is parsed at all: the check on the stored (compact) text's length
 * comes first, so the work per message is bounded whatever its size or nesting.
 */
function payloadView(payload: string): string {
  let text = payload;
  // Pretty-printing only adds characters, so compact text over the limit can never fit pretty.
  if (payload.length + 2 * FENCE.length <= SECTION_LIMIT && !jsonDepthExceeds(payload, PRETTY_MAX_DEPTH)) {
    try {
      const pretty = JSON.stringify(JSON.parse(payload), null, 2);
      if (pretty.length + 2 * FENCE.length <= SECTION_LIMIT) text = pretty;
    } catch {
      /* not JSON: show it as it is */
    }
  }
  // Only the part that can be shown is processed further.
  text = text.slice(0, SECTION_LIMIT);
  // Fences would end the code block early: no run of three backticks survives.
  text = text.replace(/`{3,}/g, (run) => run.split("").join("\u200b"));
  return `${FENCE}${truncate(text, SECTION_LIMIT - 2 * FENCE.length)}${FENCE}`;
}

export interface SlackMessageInput {
  eventType: string | null;
  messageId: string;
  payload: string;
  createdAt: Date;
}

export function renderSlackMessage(input: SlackMessageInput) {
  const title = input.eventType ?? "webhook";
  const isTest = input.eventType === "nahook.test";
  const text = isTest ? "Nahook test event: your Slack integration works." : `Nahook event: ${title}`;
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(isTest ? "Nahook test event" : title, HEADER_LIMIT), emoji: false } },
      ...(isTest ? [{ type: "section", text: { type: "mrkdwn", text: "Your Slack integration works." } }] : []),
      { type: "section", text: { type: "mrkdwn", text: payloadView(input.payload) } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: truncate(`Message \`${input.messageId}\` · ${input.createdAt.toISOString()}`, SECTION_LIMIT) }],
      },
    ],
  };
}

/**
 * Slack answers a deleted webhook or channel with 404 (`no_service`, `channel_not_found`) and an
 * archived channel with 410 (`channel_is_archived`): such an endpoint can never succeed again.
 */
export function slackGone(statusCode: number | null): boolean {
  return statusCode === 404 || statusCode === 410;
}
