import { config } from "@/lib/config";
import { isUniqueViolation } from "@/lib/db/errors";
import { queuePool, type Queryable } from "@/lib/db/pg";
import { newId } from "@/lib/ids";
import { observeEnqueue } from "@/lib/metrics/registry";
import type { EnqueuedDelivery, EnqueueInput } from "./queue";

/**
 * Many messages (each with its deliveries) in ONE statement and one commit: a batch request's
 * items, or concurrent single sends gathered by the group committer below. What each input
 * gets is exactly what `enqueueMessage` would have given it alone:
 *  - written: its message id and deliveries (inactive or foreign targets dropped; none left →
 *    nothing written for it, `deliveries: []`);
 *  - `conflict`: one of its (endpoint, idempotency key) pairs exists already, so nothing of it
 *    was written (the caller answers with the earlier delivery, as on a unique violation).
 * An idempotency conflict of one input never fails the others: existing pairs are filtered out
 * inside the statement; pairs repeated within the group go to a later round; and if a
 * concurrent writer wins a race on the unique index (the statement then aborts as a whole),
 * the group is retried input by input.
 */
export type EnqueueOutcome = { messageId: string; deliveries: EnqueuedDelivery[] } | { conflict: true };

const ENQUEUE_MANY_SQL = `WITH m_in AS (
   SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
     WITH ORDINALITY AS m(id, workspace_id, environment_id, event_type_id, event_type, payload, payload_size, idx)
 ), t_in AS (
   SELECT * FROM unnest($8::int[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY AS t(idx, id, endpoint_id, idempotency_key, ord)
 ), eligible AS (
   -- Each target's endpoint by its primary key, the tenant test applied to the row found
   -- (LIMIT keeps it out of the lookup, which could otherwise go through the environment's
   -- endpoints). As a plain join, the planner paired every endpoint of the batch with every
   -- message first and matched the targets against that product: 8,000 comparisons for 20
   -- items to 20 endpoints, half of the statement's time.
   SELECT t.id, t.idx, t.ord, t.idempotency_key, e.id AS endpoint_id, e."applicationId" AS application_id
   FROM t_in t
   JOIN m_in m ON m.idx = t.idx
   CROSS JOIN LATERAL (SELECT * FROM endpoints e WHERE e.id = t.endpoint_id LIMIT 1) e
   WHERE e."workspaceId" = m.workspace_id AND e."environmentId" = m.environment_id AND e."isActive"
 ), dup AS (
   SELECT DISTINCT t.idx FROM eligible t
   WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d."endpointId" = t.endpoint_id AND d."idempotencyKey" = t.idempotency_key)
 ), target AS (
   SELECT * FROM eligible WHERE idx NOT IN (SELECT idx FROM dup)
 ), msg AS (
   INSERT INTO messages (id, "workspaceId", "environmentId", "eventTypeId", "eventType", payload, "payloadSize")
   SELECT m.id, m.workspace_id, m.environment_id, m.event_type_id, m.event_type, m.payload, m.payload_size
   FROM m_in m WHERE EXISTS (SELECT 1 FROM target WHERE target.idx = m.idx)
   ORDER BY m.idx
   RETURNING id
 ), del AS (
   INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "applicationId", "messageId", "idempotencyKey", "eventType", status, "nextAttemptAt", "updatedAt")
   SELECT target.id, m.workspace_id, m.environment_id, target.endpoint_id, target.application_id, msg.id, target.idempotency_key, m.event_type, 'pending', now(), now()
   FROM target JOIN m_in m ON m.idx = target.idx JOIN msg ON msg.id = m.id
   ORDER BY target.ord
   RETURNING id, "endpointId", "idempotencyKey", "messageId"
 )
 SELECT id, "endpointId", "idempotencyKey", "messageId", NULL::int AS dup FROM del
 UNION ALL SELECT NULL, NULL, NULL, NULL, idx::int FROM dup`;

/** The statement that writes `inputs` (one round), with the ids it gives them. */
export function enqueueStatement(inputs: EnqueueInput[]) {
  const messageIds = inputs.map(() => newId("msg"));
  const t = { idx: [] as number[], id: [] as string[], endpoint: [] as string[], key: [] as string[] };
  inputs.forEach((input, i) => {
    for (const target of input.targets) {
      t.idx.push(i + 1);
      t.id.push(newId("del"));
      t.endpoint.push(target.endpointId);
      t.key.push(target.idempotencyKey);
    }
  });
  const values = [
    messageIds,
    inputs.map((i) => i.workspaceId),
    inputs.map((i) => i.environmentId),
    inputs.map((i) => i.eventTypeId),
    inputs.map((i) => i.eventType),
    inputs.map((i) => i.payload),
    inputs.map((i) => Buffer.byteLength(i.payload, "utf8")),
    t.idx,
    t.id,
    t.endpoint,
    t.key,
  ];
  return { text: ENQUEUE_MANY_SQL, values, messageIds, deliveryIds: t.id };
}

/** Writes one round (no (endpoint, key) pair repeated) in one statement. */
async function writeRound(inputs: EnqueueInput[], q: Queryable): Promise<EnqueueOutcome[]> {
  const { text, values, messageIds, deliveryIds } = enqueueStatement(inputs);
  // Unnamed on purpose: planned for each execution with its own arrays (see lib/db/pg.ts, PLANNING).
  const { rows } = await q.query<EnqueuedDelivery & { messageId: string | null; dup: number | null }>({ text, values });
  observeEnqueue(rows.filter((r) => r.dup === null).length);
  const order = new Map(deliveryIds.map((id, index) => [id, index]));
  const byMessage = new Map<string, EnqueuedDelivery[]>();
  const conflicts = new Set<number>();
  for (const row of rows) {
    if (row.dup !== null) conflicts.add(row.dup - 1);
    else byMessage.set(row.messageId!, [...(byMessage.get(row.messageId!) ?? []), { id: row.id, endpointId: row.endpointId, idempotencyKey: row.idempotencyKey }]);
  }
  return inputs.map((_, i) => {
    if (conflicts.has(i)) return { conflict: true as const };
    const deliveries = (byMessage.get(messageIds[i]) ?? []).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { messageId: messageIds[i], deliveries };
  });
}

/** Splits inputs into rounds in which no (endpoint, idempotency key) pair appears twice. */
function rounds(inputs: EnqueueInput[]): number[][] {
  const out: { indexes: number[]; pairs: Set<string> }[] = [];
  inputs.forEach((input, index) => {
    const pairs = input.targets.map((t) => `${t.endpointId}\u0000${t.idempotencyKey}`);
    let round = out.find((r) => pairs.every((p) => !r.pairs.has(p)));
    if (!round) out.push((round = { indexes: [], pairs: new Set() }));
    round.indexes.push(index);
    for (const p of pairs) round.pairs.add(p);
  });
  return out.map((r) => r.indexes);
}

/** See EnqueueOutcome. Wakes the workers when anything was written. */
export async function enqueueMessages(inputs: EnqueueInput[], q: Queryable = queuePool(), wake: (q: Queryable) => void): Promise<EnqueueOutcome[]> {
  const outcomes: EnqueueOutcome[] = new Array(inputs.length);
  for (const indexes of rounds(inputs)) {
    const group = indexes.map((i) => inputs[i]);
    let results: EnqueueOutcome[];
    try {
      results = await writeRound(group, q);
    } catch (error) {
      if (!isUniqueViolation(error) || group.length === 1) {
        if (isUniqueViolation(error)) results = [{ conflict: true }];
        else throw error;
      } else {
        // A concurrent request wrote one of the pairs between our check and our insert: settle
        // each input on its own so only the one that lost the race reports the conflict.
        results = await Promise.all(
          group.map((input) =>
            writeRound([input], q).then(
              ([outcome]) => outcome,
              (e: unknown): EnqueueOutcome => {
                if (isUniqueViolation(e)) return { conflict: true };
                throw e;
              },
            ),
          ),
        );
      }
    }
    indexes.forEach((inputIndex, j) => (outcomes[inputIndex] = results[j]));
  }
  if (outcomes.some((o) => !("conflict" in o) && o.deliveries.length > 0)) wake(q);
  return outcomes;
}

/**
 * Group commit for single sends and triggers: while statements are in flight, new inputs wait
 * and then go together, in one statement and one commit. An idle process writes at once (no
 * timer, no added latency); a busy one turns N commits into one. Each caller's promise settles
 * only when the statement holding its rows has committed, so its 202 still means "durable".
 */
const MAX_IN_FLIGHT = 2;
const MAX_GROUP = 200;

interface Waiting {
  input: EnqueueInput;
  resolve: (outcome: EnqueueOutcome) => void;
  reject: (error: unknown) => void;
}

const groupState = { waiting: [] as Waiting[], inFlight: 0 };

export function enqueueGrouped(input: EnqueueInput, wake: (q: Queryable) => void): Promise<EnqueueOutcome> {
  if (!config().groupCommit) return enqueueMessages([input], queuePool(), wake).then(([outcome]) => outcome);
  return new Promise((resolve, reject) => {
    groupState.waiting.push({ input, resolve, reject });
    flush(wake);
  });
}

function flush(wake: (q: Queryable) => void) {
  if (groupState.inFlight >= MAX_IN_FLIGHT || groupState.waiting.length === 0) return;
  const group = groupState.waiting.splice(0, MAX_GROUP);
  groupState.inFlight++;
  enqueueMessages(group.map((w) => w.input), queuePool(), wake)
    .then(
      (outcomes) => group.forEach((w, i) => w.resolve(outcomes[i])),
      (error) => group.forEach((w) => w.reject(error)),
    )
    .finally(() => {
      groupState.inFlight--;
      flush(wake);
    });
}
