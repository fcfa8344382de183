// What the cluster says about the watched sagas, asked every few seconds through the admin API
// (read-only: metadata, group descriptions and committed offsets): which topics exist, so a
// missing one is read as soon as it appears, and which consumer groups read each topic, for
// steps without `to`. What keeps it from reading (credentials refused, a CA not trusted, a topic
// not authorized) is kept, explained with the setting to look at, for the observer's /health.
import { AssignerProtocol, type Admin, type Kafka } from "kafkajs";
import { sagaServices, sagaTopics } from "../../../contracts/sagas";
import { toSagaError } from "../../kit/errors";
import type { KafkaConnection } from "../../kit/kafka/connection";
import { explainKafkaFailure } from "../../kit/kafka/failure";
import type { Logger } from "../../kit/log";
import type { Sagas, WatchedSaga } from "../application/definitions";
import type { ClusterView } from "../application/ports";
import { candidateGroups, consumersByTopic, type GroupReads } from "../domain/consumers";
import { settlesWithin } from "../../kit/abandonable";

export type ClusterWatch = ClusterView & {
  /** Resolves after the first look at the cluster (or its first failure). */
  ready: Promise<void>;
  /** The topics of a saga that exist, as last seen. */
  presentTopics(saga: string): string[];
  /** The topics of a saga the cluster refuses to describe to this client, with the reason. */
  refusedTopics(saga: string): Map<string, string>;
  /** Looks again as soon as it can (the sagas changed). */
  refresh(): void;
  /** Why the cluster cannot be read, or which topics may not be, as of the last look: empty when nothing is known to be wrong. */
  problems(): string[];
  stop(): Promise<void>;
};

async function groupReads(admin: Admin, wanted: string[], topics: string[]): Promise<GroupReads[]> {
  const existing = new Set(
    (await admin.listGroups()).groups
      .filter((g) => g.protocolType === "consumer" || g.protocolType === "")
      .map((g) => g.groupId),
  );
  const ids = wanted.filter((g) => existing.has(g));
  if (ids.length === 0) return [];
  const { groups } = await admin.describeGroups(ids);
  return Promise.all(
    groups.map(async (g): Promise<GroupReads> => {
      const assigned = new Set<string>();
      for (const m of g.members) {
        const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        for (const t of Object.keys(a?.assignment ?? {})) assigned.add(t);
      }
      // A group with no member now still reads what it has committed offsets for.
      if (g.members.length === 0 && topics.length > 0) {
        for (const t of await admin.fetchOffsets({ groupId: g.groupId, topics }))
          if (t.partitions.some((p) => Number(p.offset) >= 0)) assigned.add(t.topic);
      }
      return { groupId: g.groupId, topics: [...assigned] };
    }),
  );
}

/** Topics not listed that the cluster refuses to describe to this client, each with the reason. */
async function refusedTopics(admin: Admin, missing: string[], conn?: KafkaConnection): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  for (const topic of missing) {
    const err = await admin.fetchTopicMetadata({ topics: [topic] }).then(
      () => null,
      (e: unknown) => e,
    );
    const failure = err ? explainKafkaFailure(err, conn, topic) : null;
    if (failure?.kind === "authorization") refused.set(topic, failure.message);
  }
  return refused;
}

/** How long looks must fail, unexplained, before /health says the cluster does not answer. */
const UNANSWERED_MS = 5000;

export function watchCluster(opts: {
  kafka: Kafka;
  /** The connection's settings, named in the explanations. */
  connection?: KafkaConnection;
  sagas: Sagas;
  intervalMs: number;
  log: Logger;
  onTopics(saga: WatchedSaga, present: string[]): void;
}): ClusterWatch {
  const admin = opts.kafka.admin({ retry: { retries: 1 } });
  const present = new Map<string, string[]>();
  const consumers = new Map<string, Map<string, string[]>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let connected = false;
  let failure: string | null = null;
  let refused = new Map<string, string>();

  async function look(): Promise<void> {
    if (!connected) {
      await admin.connect();
      connected = true;
    }
    const topics = new Set(await admin.listTopics());
    const sagas = opts.sagas();
    const missing = [...new Set(sagas.flatMap((s) => sagaTopics(s.definition)))].filter((t) => !topics.has(t));
    const denied = await refusedTopics(admin, missing, opts.connection);
    for (const [topic, why] of denied)
      if (refused.get(topic) !== why) opts.log.warn("a watched topic may not be read", { topic, reason: why });
    refused = denied;
    for (const name of [...present.keys()])
      if (!sagas.some((s) => s.definition.name === name)) [present, consumers].forEach((m) => m.delete(name));
    for (const s of sagas) {
      const name = s.definition.name;
      const now = sagaTopics(s.definition).filter((t) => topics.has(t));
      present.set(name, now);
      // Every look, not only on a change: the reader ignores the same set, and retries a failed subscribe.
      opts.onTopics(s, now);
      const services = sagaServices(s.definition);
      if (s.definition.steps.some((st) => st.to === undefined))
        consumers.set(name, consumersByTopic(services, await groupReads(admin, candidateGroups(services), now)));
    }
  }
  // Since when looks fail without an explanation: a broker away says so on /health once it lasts.
  let failingSince: number | null = null;
  const loop = async () => {
    // A look at a broker that is away fails only after kafkajs's connection retries (seconds).
    const started = Date.now();
    try {
      await look();
      [failure, failingSince] = [null, null];
    } catch (err) {
      const explained = explainKafkaFailure(err, opts.connection);
      if (explained && explained.message !== failure) opts.log.error(`Kafka: ${explained.message}`);
      failingSince ??= started;
      // Unexplained (a broker away, a refused connection) is a failure too once it outlasts a
      // blip (a look that timed out on a busy machine): UNANSWERED_MS.
      const lasting = Date.now() - failingSince >= UNANSWERED_MS;
      failure = explained?.message ?? (lasting ? `the cluster does not answer (${toSagaError(err).message})` : failure);
      if (!explained)
        opts.log.warn("could not read the cluster's topics and groups; trying again", { err: toSagaError(err) });
    }
    looking = false;
    if (!stopped) timer = setTimeout(() => void lookNow(), again ? 0 : opts.intervalMs);
    again = false;
  };
  // The look in flight: a stop waits for it, or its next admin call would connect the admin again
  // after the stop disconnected it (a socket left open, a process that does not exit).
  let inFlight: Promise<void> = Promise.resolve();
  let [looking, again] = [false, false];
  const lookNow = () => {
    looking = true;
    return (inFlight = loop());
  };
  const ready = lookNow();

  return {
    ready,
    presentTopics: (saga) => present.get(saga) ?? [],
    refusedTopics: (saga) => {
      const s = opts.sagas().find((x) => x.definition.name === saga);
      return new Map(s ? sagaTopics(s.definition).flatMap((t) => (refused.has(t) ? [[t, refused.get(t)!]] : [])) : []);
    },
    refresh() {
      if (stopped) return;
      if (looking) again = true;
      else {
        if (timer) clearTimeout(timer);
        void lookNow();
      }
    },
    problems: () => [
      ...(failure ? [`kafka: ${failure}`] : []),
      ...[...refused].map(([topic, why]) => `topic ${topic}: ${why}`),
    ],
    missingTopics: (saga) => {
      const s = opts.sagas().find((x) => x.definition.name === saga);
      const have = new Set(present.get(saga) ?? []);
      return s ? sagaTopics(s.definition).filter((t) => !have.has(t)) : [];
    },
    consumers: (saga) => consumers.get(saga) ?? new Map(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      // Bounded: a look at a broker that is away can take half a minute.
      await settlesWithin(inFlight, 5000);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
