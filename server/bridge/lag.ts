// Consumer lag of each service's own group: for its input topics, the sum over partitions of
// (high watermark - committed offset). Polled on an interval with the Kafka admin client.
import type { Admin, Kafka } from "kafkajs";
import { INPUT_TOPICS } from "../../app/_lib/topology";
import { physicalTopic, SERVICES, type ServiceName } from "../../contracts/topics";
import type { Logger } from "../../services/kit/log";

export type LagPoller = { stop(): Promise<void> };

async function groupLag(admin: Admin, groupId: string, topics: string[], ends: Map<string, Map<number, { low: number; high: number }>>): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  let lag = 0;
  for (const t of committed) {
    const end = ends.get(t.topic);
    if (!end) continue;
    for (const p of t.partitions) {
      const e = end.get(p.partition);
      if (!e) continue;
      const c = Number(p.offset);
      lag += Math.max(0, e.high - (c < 0 ? e.low : c));
    }
  }
  return lag;
}

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
    const ends = new Map<string, Map<number, { low: number; high: number }>>();
    const lag = {} as Record<ServiceName, number | null>;
    for (const s of SERVICES) {
      const topics = INPUT_TOPICS[s].map((t) => physicalTopic(t, opts.topicPrefix));
      try {
        for (const t of topics) {
          if (ends.has(t)) continue;
          const offsets = await admin.fetchTopicOffsets(t);
          ends.set(t, new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
        }
        lag[s] = await groupLag(admin, `${opts.groupPrefix}${s}`, topics, ends);
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
