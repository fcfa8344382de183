// Consumer lag of each service's own group: for its input topics, the sum over partitions of
// (high watermark - committed offset). Polled on an interval with the Kafka admin client.
import type { Kafka } from "kafkajs";
import { INPUT_TOPICS } from "../../contracts/consumed-topics";
import { physicalTopic, SERVICES, type ServiceName } from "../../contracts/topics";
import { readGroupLag, type Watermarks } from "../../services/kit/kafka/lag";
import type { Logger } from "../../services/kit/log";

export type LagPoller = { stop(): Promise<void> };

export async function startLagPoller(opts: {
  kafka: Kafka;
  groupPrefix: string;
  topicPrefix: string;
  intervalMs: number;
  log: Logger;
  onLag(lag: Record<ServiceName, number | null>): void;
}): Promise<LagPoller> {
  const admin = opts.kafka.admin();
  await admin.connect();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let warned = false;

  const poll = async () => {
    const ends = new Map<string, Watermarks>();
    const lag = {} as Record<ServiceName, number | null>;
    for (const s of SERVICES) {
      const topics = INPUT_TOPICS[s].map((t) => physicalTopic(t, opts.topicPrefix));
      try {
        lag[s] = (await readGroupLag(admin, `${opts.groupPrefix}${s}`, topics, ends)).reduce((n, p) => n + p.lag, 0);
      } catch (err) {
        lag[s] = null;
        if (!warned) opts.log.warn("consumer lag unavailable", { service: s, error: (err as Error).message });
        warned = true;
      }
    }
    opts.onLag(lag);
  };

  const tick = () => {
    poll()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await admin.disconnect();
    },
  };
}
