// The bridge's one subscription to the observer's live feed (GET /feed, NDJSON): read line by
// line, each line checked against the contract, reconnected with the kit's backoff after an end,
// an error or a silence longer than the observer's pings allow.
import { WATCHED_FEED_PATH, WatchedFeedLine, type WatchedBatch } from "../../contracts/socket";
import { backoffMs, sleep } from "../../services/kit/retry";
import type { Logger } from "../../services/kit/log";

export type ObserverFeedHandlers = {
  batch(batch: WatchedBatch): void;
  /** Pushes were lost (a new connection, or the observer dropped lines for us): pages read again. */
  resync(): void;
  status(up: boolean, detail?: string): void;
};

export type ObserverFeed = { connected(): boolean; stop(): Promise<void> };

/** Silence after which the connection is taken for dead (the observer pings every 10 s). */
const SILENCE_MS = 30_000;

export function startObserverFeed(opts: {
  observerUrl: string;
  handlers: ObserverFeedHandlers;
  log: Logger;
  retryBaseMs?: number;
}): ObserverFeed {
  const stopping = new AbortController();
  let connected = false;
  let badLines = 0;

  const readOnce = async (): Promise<void> => {
    const silence = new AbortController();
    let timer = setTimeout(() => silence.abort(new Error("the observer's feed went silent")), SILENCE_MS);
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => silence.abort(new Error("the observer's feed went silent")), SILENCE_MS);
    };
    try {
      const res = await fetch(new URL(WATCHED_FEED_PATH, opts.observerUrl), {
        signal: AbortSignal.any([stopping.signal, silence.signal]),
      });
      if (res.status !== 200 || !res.body)
        throw new Error(`the observer answered ${res.status} on ${WATCHED_FEED_PATH}`);
      const decoder = new TextDecoder();
      let buffered = "";
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        buffered += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const text = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (text) handleLine(text);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  };

  const handleLine = (text: string) => {
    let parsed;
    try {
      parsed = WatchedFeedLine.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      if (badLines++ < 10) opts.log.warn("bridge skipped a line of the observer's feed it cannot read");
      return;
    }
    const l = parsed.data;
    if (l.type === "hello") {
      connected = true;
      opts.handlers.status(true);
      opts.handlers.resync();
    } else if (l.type === "batch") opts.handlers.batch(l.batch);
    else if (l.type === "resync") {
      opts.log.warn("the observer dropped feed lines for the bridge (it fell behind)", { dropped: l.dropped });
      opts.handlers.resync();
    }
  };

  const loop = (async () => {
    let attempt = 0;
    while (!stopping.signal.aborted) {
      const started = Date.now();
      let detail = "the observer closed its feed";
      try {
        await readOnce();
      } catch (err) {
        detail = (err as Error).message;
      }
      if (stopping.signal.aborted) break;
      if (connected) opts.log.warn("bridge lost the observer's feed; reconnecting", { detail });
      connected = false;
      opts.handlers.status(false, detail);
      // A connection that lasted a while starts the backoff over.
      attempt = Date.now() - started > 10_000 ? 1 : attempt + 1;
      await sleep(backoffMs(attempt, opts.retryBaseMs ?? 250), stopping.signal);
    }
  })();

  return {
    connected: () => connected,
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
