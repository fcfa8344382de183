// Protobuf values (protobufjs) read into plain JSON by the .proto text the registry holds:
//   - the message type is the one the record's message indexes name (registry-wire.ts): its
//     position among the file's top-level messages, then among each one's nested messages;
//   - field names as the .proto writes them (not lowerCamelCase), every field present (a field the
//     wire left out has its default: 0, "", false, the enum's first name, [], {}, null for a
//     message), enums by name (or number if unknown), 64-bit integers as registry-json.ts says,
//     bytes base64; well-known types (Timestamp, Duration...) as their fields, e.g. {seconds, nanos}.
// Imports resolve to the registry's references (their .proto texts, by the name imported), then
// to the well-known types protobufjs bundles; an import found in neither is left out, and fails
// the schema only if a type it would have given is used.
import { createRequire } from "node:module";
import protobuf from "protobufjs";
import { plainJson } from "./registry-json";

/** A file the schema imports: the name it is imported as, and its .proto text. */
export type ProtoFile = { name: string; schema: string };
export type ProtobufReader = (messageIndexes: number[], payload: Uint8Array) => unknown;

const require = createRequire(import.meta.url);
const PARSE: protobuf.IParseOptions = { keepCase: true };
const TO_OBJECT: protobuf.IConversionOptions = {
  longs: BigInt,
  enums: String,
  bytes: String,
  defaults: true,
  arrays: true,
  objects: true,
  json: true,
};

function bundled(name: string): protobuf.INamespace | null {
  const common = protobuf.common.get(name) as protobuf.INamespace | null;
  if (common) return common;
  // Files declaring custom options import descriptor.proto; protobufjs ships it as JSON.
  if (name === "google/protobuf/descriptor.proto")
    return require("protobufjs/google/protobuf/descriptor.json") as protobuf.INamespace;
  return null;
}

function messagesOf(ns: protobuf.ReflectionObject | null): protobuf.Type[] {
  return ns instanceof protobuf.Namespace
    ? ns.nestedArray.filter((o): o is protobuf.Type => o instanceof protobuf.Type)
    : [];
}

/** Throws if the schema (or a file it imports) is not valid .proto text or names a type not found. */
export function protobufReader(schema: string, imports: ProtoFile[] = []): ProtobufReader {
  const root = new protobuf.Root();
  const parsed = protobuf.parse(schema, root, PARSE);
  // The file's own top-level messages, in file order, before imports of the same package add theirs.
  const top = messagesOf(parsed.package ? root.lookup(parsed.package) : root);
  const texts = new Map(imports.map((f) => [f.name, f.schema]));
  const loaded = new Set<string>();
  const load = (names: string[]) => {
    for (const name of names) {
      if (loaded.has(name)) continue;
      loaded.add(name);
      const text = texts.get(name);
      if (text !== undefined) {
        const dep = protobuf.parse(text, root, PARSE);
        load([...(dep.imports ?? []), ...(dep.weakImports ?? [])]);
      } else {
        const json = bundled(name);
        if (json?.nested) root.addJSON(json.nested);
      }
    }
  };
  load([...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]);
  root.resolveAll();
  if (top.length === 0) throw new Error("the schema declares no message");

  return (messageIndexes, payload) => {
    let type: protobuf.Type | undefined = top[messageIndexes[0]];
    for (const i of messageIndexes.slice(1)) type = type && messagesOf(type)[i];
    if (!type) throw new Error(`the schema has no message at index path [${messageIndexes.join(", ")}]`);
    return plainJson(type.toObject(type.decode(payload), TO_OBJECT));
  };
}
