import type pg from "pg";
import { newClient } from "@/lib/db/pg";
import { DELIVERY_CHANNEL } from "./queue";

/** A dedicated connection for LISTEN (a pooled one would lose the subscription). Reconnects. */
export function listenForDeliveries(onNotify: () => void, log: (line: string) => void) {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    if (closed) return;
    const next = newClient();
    client = next;
    next.on("notification", onNotify);
    next.on("error", (error) => {
      log(`listener connection lost: ${error.message}`);
      reconnect(next);
    });
    next.on("end", () => reconnect(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${DELIVERY_CHANNEL}`);
      // Whatever was notified while we were not listening is picked up by this wake.
      onNotify();
    } catch (error) {
      log(`listener connect failed: ${(error as Error).message}`);
      reconnect(next);
    }
  };
  const reconnect = (failed: pg.Client) => {
    if (closed || client !== failed || retry) return;
    client = null;
    failed.end().catch(() => {});
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
  };
  void connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
