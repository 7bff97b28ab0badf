import { config } from "@/lib/config";
import { isForeignKeyViolation } from "@/lib/db/errors";
import { ingestPool, type Queryable } from "@/lib/db/pg";
import { newId } from "@/lib/ids";
import { observeEnqueue } from "@/lib/metrics/registry";
import type { EnqueuedDelivery, EnqueueInput } from "./queue";

/**
 * Many messages (each with its deliveries) in ONE statement and one commit: a batch request's
 * items, or concurrent single sends gathered by the group committer below. What each input
 * gets is exactly what it would have been given written alone:
 *  - written: its message id and deliveries (inactive or foreign targets dropped; none left →
 *    nothing written for it, `deliveries: []`);
 *  - `conflict`: one of its (endpoint, idempotency key) pairs exists already, so nothing of it
 *    was written (the caller answers with the earlier delivery, as on a unique violation).
 * A repeated pair (a client's retry) is settled in the same statement: the delivery insert skips
 * pairs that exist already (ON CONFLICT on the unique index, so no plan chooses how to look
 * for them, and a concurrent writer of the same pair is waited for, not raced), and an input's
 * message is written only when all its eligible targets were. The statement reports the inputs
 * whose pairs were skipped. Only an input with several targets of which some, not all, repeat
 * leaves deliveries without their message: the foreign key aborts the statement, and then each
 * input of the group is written on its own.
 * Pairs repeated within the group go to a later round.
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
 ), d AS (
   INSERT INTO deliveries (id, "workspaceId", "environmentId", "endpointId", "applicationId", "messageId", "idempotencyKey", "eventType", status, "nextAttemptAt", "updatedAt")
   SELECT target.id, m.workspace_id, m.environment_id, target.endpoint_id, target.application_id, m.id, target.idempotency_key, m.event_type, 'pending', now(), now()
   FROM eligible target JOIN m_in m ON m.idx = target.idx
   ORDER BY target.ord
   ON CONFLICT ("endpointId", "idempotencyKey") DO NOTHING
   RETURNING id, "endpointId", "idempotencyKey", "messageId"
 ), repeated AS (
   -- The inputs with an eligible target that was not written, its pair existing already: usually
   -- none. Counted per target, not found by joining the two lists: with the small row counts a
   -- generic plan assumes, the planner makes such a join a product of them.
   SELECT DISTINCT max(idx) AS idx FROM (SELECT id, idx FROM eligible UNION ALL SELECT id, NULL FROM d) u
   GROUP BY id HAVING count(*) = 1
 ), msg AS (
   -- A message with eligible targets, all written (a data-modifying WITH runs to completion
   -- whether or not it is read; the deliveries' foreign key is checked at the end).
   INSERT INTO messages (id, "workspaceId", "environmentId", "eventTypeId", "eventType", payload, "payloadSize")
   SELECT m.id, m.workspace_id, m.environment_id, m.event_type_id, m.event_type, m.payload, m.payload_size
   FROM m_in m
   WHERE EXISTS (SELECT 1 FROM eligible WHERE eligible.idx = m.idx) AND m.idx <> ALL (ARRAY(SELECT idx FROM repeated))
   ORDER BY m.idx
 )
 SELECT id, "endpointId", "idempotencyKey", "messageId", NULL::int AS "repeatOf" FROM d
 UNION ALL
 SELECT NULL, NULL, NULL, NULL, idx::int FROM repeated`;

export const ENQUEUE_STATEMENT = "nahook_enqueue_many";

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

/**
 * The statement's abort when an input with several targets repeats some of its pairs but not
 * all: those written lack their message (see above).
 */
function isPartialRepeat(error: unknown): boolean {
  return isForeignKeyViolation(error, "deliveries_messageId_fkey");
}

/** Writes one round (no (endpoint, idempotency key) pair repeated) in one statement. */
async function writeRound(inputs: EnqueueInput[], q: Queryable): Promise<EnqueueOutcome[]> {
  const { text, values, messageIds, deliveryIds } = enqueueStatement(inputs);
  type Row = { id: string; endpointId: string; idempotencyKey: string; messageId: string; repeatOf: null } | { repeatOf: number };
  // Named: planned once per connection (see lib/db/pg.ts, PLANNING).
  const { rows } = await q.query<Row>({ name: ENQUEUE_STATEMENT, text, values }).catch((error: unknown) => {
    // An aborted statement still counts as a statement (metrics' grouping factor).
    if (isPartialRepeat(error)) observeEnqueue(0);
    throw error;
  });
  const order = new Map(deliveryIds.map((id, index) => [id, index]));
  const byMessage = new Map<string, EnqueuedDelivery[]>();
  const repeated = new Set<number>();
  for (const row of rows) {
    if (row.repeatOf !== null) repeated.add(row.repeatOf - 1);
    else byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), { id: row.id, endpointId: row.endpointId, idempotencyKey: row.idempotencyKey }]);
  }
  observeEnqueue(rows.length - repeated.size);
  return inputs.map((_, i) => {
    if (repeated.has(i)) return { conflict: true };
    const deliveries = (byMessage.get(messageIds[i]) ?? []).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { messageId: messageIds[i], deliveries };
  });
}

/** One input on its own: an abort means some of its pairs exist. */
function writeAlone(input: EnqueueInput, q: Queryable): Promise<EnqueueOutcome> {
  return writeRound([input], q).then(
    ([outcome]) => outcome,
    (error: unknown): EnqueueOutcome => {
      if (isPartialRepeat(error)) return { conflict: true };
      throw error;
    },
  );
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
export async function enqueueMessages(inputs: EnqueueInput[], q: Queryable, wake: (q: Queryable) => void): Promise<EnqueueOutcome[]> {
  const outcomes: EnqueueOutcome[] = new Array(inputs.length);
  for (const indexes of rounds(inputs)) {
    const group = indexes.map((i) => inputs[i]);
    let results: EnqueueOutcome[];
    try {
      results = await writeRound(group, q);
    } catch (error) {
      if (!isPartialRepeat(error)) throw error;
      // Rare (see above): each input on its own, so only the one with the partial repeat is a
      // conflict; the others are written or settled by their own statements.
      results = await Promise.all(group.map((input) => writeAlone(input, q)));
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
  if (!config().groupCommit) return enqueueMessages([input], ingestPool(), wake).then(([outcome]) => outcome);
  return new Promise((resolve, reject) => {
    groupState.waiting.push({ input, resolve, reject });
    flush(wake);
  });
}

function flush(wake: (q: Queryable) => void) {
  if (groupState.inFlight >= MAX_IN_FLIGHT || groupState.waiting.length === 0) return;
  const group = groupState.waiting.splice(0, MAX_GROUP);
  groupState.inFlight++;
  enqueueMessages(group.map((w) => w.input), ingestPool(), wake)
    .then(
      (outcomes) => group.forEach((w, i) => w.resolve(outcomes[i])),
      (error) => group.forEach((w) => w.reject(error)),
    )
    .finally(() => {
      groupState.inFlight--;
      flush(wake);
    });
}
