import cluster from "node:cluster";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import client from "prom-client";
import { metrics } from "./registry";

/**
 * One scrape shows the whole `npm start`: the web process answering it gathers the metrics of
 * the other processes over their IPC channels and sums them (prom-client's aggregation):
 *  - its parent, `scripts/start.ts`, which runs the in-process delivery worker;
 *  - with NAHOOK_WEB_PROCESSES > 1, every web process of the cluster (through the primary).
 * A peer that does not answer within a second is left out of that scrape.
 */
type MetricJson = client.MetricObjectWithValues<client.MetricValue<string>>;
interface Message {
  nahookMetrics?: "local" | "all" | "result";
  id?: string;
  metrics?: MetricJson[][];
}

interface Channel {
  send?(message: Message): unknown;
  on(event: "message", listener: (message: Message) => void): unknown;
  off(event: "message", listener: (message: Message) => void): unknown;
}

const ASK_TIMEOUT_MS = 1_000;

function ask(channel: Channel, kind: "local" | "all"): Promise<MetricJson[][]> {
  if (!channel.send) return Promise.resolve([]);
  const id = randomUUID();
  return new Promise((resolve) => {
    const done = (result: MetricJson[][]) => {
      clearTimeout(timer);
      channel.off("message", onMessage);
      resolve(result);
    };
    const onMessage = (message: Message) => {
      if (message?.nahookMetrics === "result" && message.id === id) done(message.metrics ?? []);
    };
    const timer = setTimeout(() => done([]), ASK_TIMEOUT_MS);
    channel.on("message", onMessage);
    try {
      channel.send!({ nahookMetrics: kind, id });
    } catch {
      done([]);
    }
  });
}

async function local(): Promise<MetricJson[][]> {
  return [(await metrics().registry.getMetricsAsJSON()) as MetricJson[]];
}

const parent: Channel = process as unknown as Channel;

/** Every process's metrics, as seen from the process answering the scrape. */
export async function gatherMetrics(): Promise<client.Registry> {
  let all: MetricJson[][];
  if (cluster.isWorker) all = await ask(parent, "all");
  else all = [...(await local()), ...(await ask(parent, "local"))];
  if (all.length === 0) all = await local();
  return client.AggregatorRegistry.aggregate(all as Parameters<typeof client.AggregatorRegistry.aggregate>[0]);
}

/** In a child process (web server or cluster member): answer a parent asking for this process's metrics. */
export function answerParent(): void {
  if (!process.send) return;
  process.on("message", (message: Message) => {
    if (message?.nahookMetrics !== "local") return;
    void local().then((metrics) => process.send?.({ nahookMetrics: "result", id: message.id, metrics }));
  });
}

/** In `scripts/start.ts`: answer the web process asking for this process's (the worker's) metrics. */
export function answerChild(child: ChildProcess): void {
  child.on("message", (message: Message) => {
    if (message?.nahookMetrics !== "local") return;
    void local().then((metrics) => {
      if (child.connected) child.send({ nahookMetrics: "result", id: message.id, metrics });
    });
  });
}

/** In a cluster primary: a member asking for "all" gets every member's metrics plus the parent's. */
export function answerClusterMembers(): void {
  cluster.on("message", (worker, message: Message) => {
    if (message?.nahookMetrics !== "all") return;
    const members = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    void Promise.all([...members.map((w) => ask(w as unknown as Channel, "local")), ask(parent, "local")]).then((parts) => {
      if (worker.isConnected()) worker.send({ nahookMetrics: "result", id: message.id, metrics: parts.flat() });
    });
  });
}
