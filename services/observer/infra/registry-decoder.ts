// Values in the schema-registry wire format (attach.md, "Values that are not plain JSON"): Avro,
// Protobuf or JSON Schema, decoded into plain JSON (registry-json.ts says how longs, bytes and
// the like come out) with the writer's schema, fetched from the registry by the id the value
// carries and kept (one reader per id, built once; a schema id the registry does not have is
// asked again after a minute at most).
//
// decode() never throws for a record: a value without the header, an id the registry does not
// have, a schema of another format than the topic's, a schema that cannot be read, or a payload
// the schema cannot read is { ok: false, reason }, to count as notDecodable. A registry that does
// not answer is retried until it does (registry-client.ts): decode() then waits, and rejects only
// when the signal given (or close()) aborts it: that record is neither decoded nor counted.
import type { Logger } from "../../kit/log";
import { avroReader } from "./registry-avro";
import {
  registryClient,
  type Lookup,
  type RegisteredSchema,
  type RegistryClientConfig,
  type SchemaReference,
  type SchemaType,
} from "./registry-client";
import { protobufReader } from "./registry-protobuf";
import { readHeader, readMessageIndexes } from "./registry-wire";

export type ValueFormat = "json" | "avro" | "protobuf" | "jsonschema";
export type RegistryFormat = Exclude<ValueFormat, "json">;
export type Decoded = { ok: true; value: unknown; schemaId: number } | { ok: false; reason: string };
export type RegistryDecoder = {
  decode(topic: string, format: RegistryFormat, bytes: Uint8Array, signal?: AbortSignal): Promise<Decoded>;
  /** Aborts every wait for the registry (those decode() calls reject) and forgets the schemas. */
  close(): void;
};
export type RegistryDecoderConfig = RegistryClientConfig & {
  /** Schemas kept, by id (default 1,000; the oldest is dropped first). */
  cacheSize?: number;
};

/** SCHEMA_REGISTRY_URL and SCHEMA_REGISTRY_AUTH (`user:password`); null without a URL. */
export function registryConfigFromEnv(
  env: Record<string, string | undefined>,
  log?: Pick<Logger, "info" | "warn">,
): RegistryDecoderConfig | null {
  const url = env.SCHEMA_REGISTRY_URL?.trim();
  if (!url) return null;
  for (const u of url
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!URL.canParse(u) || !["http:", "https:"].includes(new URL(u).protocol))
      throw new Error(`SCHEMA_REGISTRY_URL: not an http(s) URL: ${u}`);
  }
  const auth = env.SCHEMA_REGISTRY_AUTH || undefined;
  if (auth && !auth.includes(":")) throw new Error("SCHEMA_REGISTRY_AUTH: expected user:password");
  return { url, auth, log };
}

const SCHEMA_TYPE: Record<RegistryFormat, SchemaType> = { avro: "AVRO", protobuf: "PROTOBUF", jsonschema: "JSON" };
const NOT_FOUND_TTL_MS = 60_000;
const MAX_REFERENCES = 100;

type Reader = { type: SchemaType; read(payload: Uint8Array): unknown };

const utf8 = new TextDecoder("utf-8", { fatal: true });

function protobufRead(read: ReturnType<typeof protobufReader>) {
  return (payload: Uint8Array) => {
    const at = readMessageIndexes(payload, 0);
    if (!at.ok) throw new Error(at.reason);
    return read(at.indexes, payload.subarray(at.offset));
  };
}

/** Waits for `p` unless `signal` aborts first; leaves nothing attached to the signal once settled. */
function unless<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

export function registryDecoder(cfg: RegistryDecoderConfig): RegistryDecoder {
  const client = registryClient(cfg);
  const cacheSize = cfg.cacheSize ?? 1000;
  // One entry per schema id: the same promise for every record that waits on it.
  const readers = new Map<number, { until: number; reader: Promise<Lookup<Reader>> }>();
  const subjects = new Map<string, Promise<Lookup<RegisteredSchema>>>();

  const reference = (ref: SchemaReference): Promise<Lookup<RegisteredSchema>> => {
    const path = `/subjects/${encodeURIComponent(ref.subject)}/versions/${encodeURIComponent(String(ref.version))}`;
    let got = subjects.get(path);
    if (!got) {
      got = client.request(path);
      subjects.set(path, got);
      got.then(
        (r) => void (!r.found && subjects.delete(path)),
        () => void subjects.delete(path),
      );
    }
    return got;
  };

  /** The schemas `schema` references, each before those that use it; a reference not found fails it. */
  const referenced = async (schema: RegisteredSchema): Promise<Lookup<{ name: string; schema: string }[]>> => {
    const out: { name: string; schema: string }[] = [];
    const seen = new Set<string>();
    const visit = async (refs: SchemaReference[]): Promise<string | null> => {
      for (const ref of refs) {
        const key = `${ref.subject}/${ref.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > MAX_REFERENCES) return `more than ${MAX_REFERENCES} references`;
        const got = await reference(ref);
        if (!got.found) return `its reference ${ref.name} (${ref.subject} version ${ref.version}): ${got.reason}`;
        const missing = await visit(got.value.references);
        if (missing) return missing;
        out.push({ name: ref.name, schema: got.value.schema });
      }
      return null;
    };
    const missing = await visit(schema.references);
    return missing ? { found: false, reason: missing } : { found: true, value: out };
  };

  const build = async (id: number): Promise<Lookup<Reader>> => {
    const got = await client.request(`/schemas/ids/${id}`);
    if (!got.found) return { found: false, reason: `schema ${id}: ${got.reason}` };
    const schema = got.value;
    const refs = await referenced(schema);
    if (!refs.found) return { found: false, reason: `schema ${id}: ${refs.reason}` };
    try {
      const type = schema.schemaType;
      if (type === "AVRO")
        return {
          found: true,
          value: {
            type,
            read: avroReader(
              schema.schema,
              refs.value.map((r) => r.schema),
            ),
          },
        };
      if (type === "PROTOBUF")
        return { found: true, value: { type, read: protobufRead(protobufReader(schema.schema, refs.value)) } };
      return { found: true, value: { type, read: (payload) => JSON.parse(utf8.decode(payload)) as unknown } };
    } catch (err) {
      return { found: false, reason: `schema ${id} (${schema.schemaType}) cannot be read: ${(err as Error).message}` };
    }
  };

  const readerFor = (id: number): Promise<Lookup<Reader>> => {
    const hit = readers.get(id);
    if (hit && Date.now() < hit.until) return hit.reader;
    // Kept while asked and once found; a "not found" for a minute.
    const entry = { until: Number.POSITIVE_INFINITY, reader: build(id) };
    readers.delete(id);
    readers.set(id, entry);
    entry.reader.then(
      (r) => void (!r.found && (entry.until = Date.now() + NOT_FOUND_TTL_MS)),
      () => void (readers.get(id) === entry && readers.delete(id)), // closed: nothing kept
    );
    while (readers.size > cacheSize) readers.delete(readers.keys().next().value as number);
    return entry.reader;
  };

  return {
    async decode(topic, format, bytes, signal) {
      const header = readHeader(bytes);
      if (!header.ok) return header;
      const reader = await unless(readerFor(header.schemaId), signal);
      if (!reader.found) return { ok: false, reason: reader.reason };
      const { type, read } = reader.value;
      if (type !== SCHEMA_TYPE[format])
        return { ok: false, reason: `schema ${header.schemaId} is ${type}, but ${topic} is read as ${format}` };
      try {
        return { ok: true, value: read(bytes.subarray(header.offset)), schemaId: header.schemaId };
      } catch (err) {
        return {
          ok: false,
          reason: `the value does not fit schema ${header.schemaId} (${type}): ${(err as Error).message}`,
        };
      }
    },
    close() {
      client.close();
      readers.clear();
      subjects.clear();
    },
  };
}
