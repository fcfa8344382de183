// /sagas/new: what the page needs of a proposed or edited definition, kept pure. The definition
// as the map draws a saga (SagaSummary: consumers the file leaves out are those discovery saw
// reading the topic), each issue of parseDefinition placed on the text it is about (so the
// editor can mark the line), and the definition's name read from and written into the YAML.
import { isMap, isNode, isScalar, parseDocument } from "yaml";
import {
  sagaSummary,
  type DefinitionIssue,
  type DiscoveredStep,
  type SagaDefinition,
  type SagaSummary,
} from "../../contracts/sagas";

/** The definition as GET /api/sagas would give it, `to` inferred from what discovery saw. */
export function definitionSummary(d: SagaDefinition, discovered: readonly DiscoveredStep[]): SagaSummary {
  const readers = new Map<string, string[]>();
  for (const s of discovered) if (s.to.length && !readers.has(s.topic)) readers.set(s.topic, s.to);
  return sagaSummary(d, false, readers);
}

/** Sampled records per step id, as discovery counted them (0 for a step it did not propose). */
export function sampledPerStep(d: SagaDefinition, discovered: readonly DiscoveredStep[]): Record<string, number> {
  const byId = new Map(discovered.map((s) => [s.id, s.records]));
  return Object.fromEntries(d.steps.map((s) => [s.id, byId.get(s.id) ?? 0]));
}

export type PlacedIssue = DefinitionIssue & {
  /** Character offsets in the text: the node the field names, or the nearest one above it that exists. */
  from: number;
  to: number;
  /** 1-based; null when the issue is about the whole file and names no place in it. */
  line: number | null;
};

const lineStart = (text: string, line: number): number => {
  let at = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf("\n", at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
};

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split("\n").length;

/** `steps.2.topic` → ["steps", 2, "topic"]: a segment of digits is an index. */
const pathOf = (field: string): (string | number)[] => field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));

function rangeOf(text: string, issue: DefinitionIssue): [number, number] | null {
  const m = issue.field === "(file)" ? /^line (\d+):/.exec(issue.message) : null;
  if (m) {
    const start = lineStart(text, Number(m[1]));
    const end = text.indexOf("\n", start);
    return [start, end < 0 ? text.length : end];
  }
  const doc = parseDocument(text);
  const path = pathOf(issue.field);
  const unknown = /^Unrecognized keys?: "([^"]+)"/.exec(issue.message)?.[1];
  if (unknown !== undefined) {
    const map = issue.field === "(file)" ? doc.contents : doc.getIn(path, true);
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === unknown) : undefined;
    if (pair && isScalar(pair.key) && pair.key.range) return [pair.key.range[0], pair.key.range[1]];
  }
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      // A whole map or list stands for a field it lacks: its first line is enough.
      const [from, to] = node.range;
      const eol = text.indexOf("\n", from);
      return [from, isMap(node) && eol >= 0 ? Math.min(to, eol) : to];
    }
  }
  return issue.field === "(file)" ? null : [0, 0];
}

/** Each issue with where it is in the text; an issue about a field that is not there points at its parent. */
export function placeIssues(text: string, issues: readonly DefinitionIssue[]): PlacedIssue[] {
  return issues.map((issue) => {
    const range = rangeOf(text, issue);
    if (!range) return { ...issue, from: 0, to: 0, line: null };
    return { ...issue, from: range[0], to: range[1], line: lineOf(text, range[0]) };
  });
}

/** The `name` the YAML gives, or "" when it has none (or is not a mapping). */
export function yamlName(text: string): string {
  const doc = parseDocument(text);
  const name = isMap(doc.contents) ? doc.get("name") : undefined;
  return typeof name === "string" ? name : "";
}

/** A name as YAML: plain when it is a saga name already, else double-quoted (JSON's quoting is YAML's). */
const scalar = (name: string) => (/^[a-z0-9][a-z0-9-]*$/.test(name) ? name : JSON.stringify(name));

/** The YAML with its `name` set and nothing else touched; unchanged when the text is not a mapping. */
export function withName(text: string, name: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents) || !doc.contents.range) return text;
  const node = doc.get("name", true);
  if (isNode(node) && node.range) return `${text.slice(0, node.range[0])}${scalar(name)}${text.slice(node.range[1])}`;
  if (doc.contents.flow) return text;
  const at = doc.contents.range[0];
  return `${text.slice(0, at)}name: ${scalar(name)}\n${text.slice(at)}`;
}

/** Whether withName can write into the text (it parses, as a block mapping). */
export function canSetName(text: string): boolean {
  const doc = parseDocument(text);
  return doc.errors.length === 0 && isMap(doc.contents) && (doc.has("name") || !doc.contents.flow);
}

/** The one replacement that turns `before` into `after` (common start and end kept), or null when equal. */
export function textChange(before: string, after: string): { from: number; to: number; insert: string } | null {
  if (before === after) return null;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}
