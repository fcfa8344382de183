// A labelled set of generated sagas for measuring discovery (issue 27, point 4): each with its
// true definition and its records, built by a seeded generator (pure: the same set every run).
// The variants put the correlation in a header, a key or a nested field, carry several types per
// topic, mix in noise, share a topic with another saga and answer in parallel; every record also
// carries fields that look like ids or categories but are not (customers, amounts, currencies).
import { SagaDefinition, type StepMatch } from "../../contracts/sagas";
import type { GroupReads } from "../../services/observer/domain/consumers";
import type { SampledRecord } from "../../services/observer/domain/discovery/fields";

export type LabelledSaga = {
  name: string;
  truth: SagaDefinition;
  topics: string[];
  records: SampledRecord[];
  groups: GroupReads[];
};

type Event = { topic: string; type: string; sub?: [string, string]; parallel?: boolean };
type Path = { weight: number; events: Event[] };
type Placement = { source: "header" | "path"; name: string };
type Spec = {
  name: string;
  topics: string[];
  correlation: { header: string } | { key: "uuid" | "long" | "string" } | { path: string };
  type: Placement;
  paths: Path[];
  instances: number;
  /** Records with no correlation, per instance. */
  noise?: number;
  /** Another saga on one of the topics, with its own id field. */
  neighbour?: { topic: string; idPath: string; types: string[] };
};

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const setPath = (o: Record<string, unknown>, path: string, v: unknown) => {
  const parts = path.split(".");
  let at = o;
  for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
  at[parts[parts.length - 1]!] = v;
};

function keyBytes(how: "uuid" | "long" | "string", id: number, rnd: () => number): Uint8Array {
  if (how === "long") {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(id * 7919 + 100000), false);
    return b;
  }
  if (how === "uuid") return Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? id % 256 : Math.floor(rnd() * 256)));
  return new TextEncoder().encode(`order-${id}`);
}

const kebab = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");

function truthOf(spec: Spec): SagaDefinition {
  const cond = (name: string, value: string): StepMatch =>
    spec.type.source === "header" ? { header: name, equals: value } : { path: name, equals: value };
  const seen = new Map<string, { id: string; topic: string; match: StepMatch; from: string }>();
  for (const p of spec.paths)
    for (const e of p.events) {
      const id = kebab(`${e.topic.split(".").pop()}-${e.type}${e.sub ? `-${e.sub[1]}` : ""}`);
      const first = cond(spec.type.name, e.type);
      const match = e.sub ? { all: [first, { path: e.sub[0], equals: e.sub[1] }] } : first;
      seen.set(id, { id, topic: e.topic, match, from: e.topic.split(".").pop()! });
    }
  // A type split by a second field comes before the type alone on its topic (first match wins).
  const both = (st: { match: StepMatch }) => Number("all" in st.match);
  const steps = [...seen.values()].sort((a, b) => both(b) - both(a));
  const correlation = "key" in spec.correlation ? { key: spec.correlation.key } : spec.correlation;
  return SagaDefinition.parse({ name: spec.name, correlation, steps });
}

export function generate(spec: Spec, seed = 1): LabelledSaga {
  const rnd = random(seed);
  const records: SampledRecord[] = [];
  const offsets = new Map<string, number>();
  const total = spec.paths.reduce((a, p) => a + p.weight, 0);
  const push = (
    topic: string,
    timestamp: number,
    key: Uint8Array | null,
    headers: Record<string, string>,
    value: unknown,
  ) => {
    const offset = offsets.get(topic) ?? 0;
    offsets.set(topic, offset + 1);
    records.push({ topic, partition: 0, offset: String(offset), timestamp, key, headers, value });
  };
  const t0 = 1_760_000_000_000;
  for (let i = 0; i < spec.instances; i++) {
    let pick = rnd() * total;
    const path = spec.paths.find((p) => (pick -= p.weight) < 0) ?? spec.paths[0]!;
    const events = [...path.events];
    // Replies in parallel come in either order.
    for (let j = 0; j + 1 < events.length; j++)
      if (events[j]!.parallel && events[j + 1]!.parallel && rnd() < 0.5)
        [events[j], events[j + 1]] = [events[j + 1]!, events[j]!];
    let at = t0 + i * 40 + Math.floor(rnd() * 20);
    const customer = `cust-${Math.floor(rnd() * 12)}`;
    const amount = 5 + Math.floor(rnd() * 40);
    const currency = rnd() < 0.5 ? "EUR" : "USD";
    const ownKey = "key" in spec.correlation ? keyBytes(spec.correlation.key, i, rnd) : null;
    for (const e of events) {
      at += 3 + Math.floor(rnd() * 25);
      const value: Record<string, unknown> = {
        eventId: `ev-${i}-${records.length}-${Math.floor(rnd() * 1e9)}`,
        createdAt: new Date(at).toISOString(),
        customerId: customer,
        amount,
        currency,
      };
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (spec.type.source === "header") headers[spec.type.name] = e.type;
      else setPath(value, spec.type.name, e.type);
      if (e.sub) setPath(value, e.sub[0], e.sub[1]);
      const c = spec.correlation;
      let key: Uint8Array | null = new TextEncoder().encode(customer);
      if ("header" in c) headers[c.header] = `saga-${seed}-${i}`;
      else if ("key" in c) key = ownKey;
      else setPath(value, c.path, `ref-${seed}-${i}`);
      push(e.topic, at, key, headers, value);
    }
    for (let n = 0; n < (spec.noise ?? 0); n++) {
      const topic = spec.topics[Math.floor(rnd() * spec.topics.length)]!;
      const junk = rnd() < 0.5 ? Uint8Array.from({ length: 12 }, () => Math.floor(rnd() * 256)) : null;
      push(topic, at + n, junk, {}, rnd() < 0.5 ? undefined : { heartbeat: true, at: at + n, node: `n${n % 3}` });
    }
    if (spec.neighbour) {
      const nb = spec.neighbour;
      for (const [k, type] of nb.types.entries())
        push(
          nb.topic,
          at + 5 + k * 7,
          null,
          {},
          {
            [nb.idPath]: `other-${i}`,
            [spec.type.source === "path" ? spec.type.name : "kind"]: type,
            amount,
          },
        );
    }
  }
  return { name: spec.name, truth: truthOf(spec), topics: spec.topics, records, groups: [] };
}
