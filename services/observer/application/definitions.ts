// Reads the saga definition files of SAGA_DEFINITIONS (YAML; JSON is YAML) and the built-in
// saga's (sagas/orders.json, which the pages import too), validates each against contracts/sagas, and refuses with every
// problem named by file and field. Parsing is pure; only loadSagas touches the file system
// through the reader it is given.
import { parseDocument } from "yaml";
import { physicalTopic, TopicNameSchema } from "../../../contracts";
import { definitionIssues, SagaDefinition, type DefinitionIssue } from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";

export const BUILT_IN_FILE = "sagas/orders.json";
export const BUILT_IN_NAME = "orders";

/** A saga the observer watches: its definition with physical topic names. */
export type WatchedSaga = { definition: SagaDefinition; builtIn: boolean; file: string };

export type ParseResult = { ok: true; definition: SagaDefinition } | { ok: false; issues: DefinitionIssue[] };

/** One file's text to a definition, or its problems (a YAML syntax error is one, with its line). */
export function parseDefinition(text: string): ParseResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        field: "(file)",
        message: `${e.linePos ? `line ${e.linePos[0].line}: ` : ""}${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    };
  }
  const parsed = SagaDefinition.safeParse(doc.toJS({ maxAliasCount: 100 }));
  return parsed.success ? { ok: true, definition: parsed.data } : { ok: false, issues: definitionIssues(parsed.error) };
}

/** The built-in saga names the contract's topics only; they are read under the deployment's prefix. */
export function builtInIssues(d: SagaDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  if (d.name !== BUILT_IN_NAME) issues.push({ field: "name", message: `must be ${BUILT_IN_NAME}` });
  d.steps.forEach((s, i) => {
    if (!TopicNameSchema.safeParse(s.topic).success)
      issues.push({ field: `steps.${i}.topic`, message: `${s.topic} is not a topic of contracts/topics.ts` });
  });
  return issues;
}

export function withTopicPrefix(d: SagaDefinition, prefix: string): SagaDefinition {
  return { ...d, steps: d.steps.map((s) => ({ ...s, topic: physicalTopic(TopicNameSchema.parse(s.topic), prefix) })) };
}

/** SAGA_DEFINITIONS: comma-separated paths, blanks ignored. */
export const definitionPaths = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);

export type LoadOptions = {
  /** The user's files, in order. */
  paths: readonly string[];
  readFile(path: string): string;
  topicPrefix: string;
  /** Watch the built-in saga too (its file is read with readFile). */
  builtIn: boolean;
};

/** Every saga to watch, or a VALIDATION_FAILED error whose message names each file, field and problem. */
export function loadSagas(opts: LoadOptions): WatchedSaga[] {
  const problems: string[] = [];
  const sagas: WatchedSaga[] = [];
  const files = [...(opts.builtIn ? [BUILT_IN_FILE] : []), ...opts.paths];
  for (const [i, file] of files.entries()) {
    const builtIn = opts.builtIn && i === 0;
    let text: string;
    try {
      text = opts.readFile(file);
    } catch (err) {
      problems.push(`${file}: (file): cannot be read: ${(err as Error).message}`);
      continue;
    }
    const parsed = parseDefinition(text);
    const issues = parsed.ok
      ? [...(builtIn ? builtInIssues(parsed.definition) : []), ...sameName(sagas, parsed.definition.name)]
      : parsed.issues;
    if (issues.length > 0 || !parsed.ok) {
      problems.push(...issues.map((x) => `${file}: ${x.field}: ${x.message}`));
      continue;
    }
    sagas.push({
      definition: builtIn ? withTopicPrefix(parsed.definition, opts.topicPrefix) : parsed.definition,
      builtIn,
      file,
    });
  }
  if (problems.length > 0) {
    throw new SagaError(
      "VALIDATION_FAILED",
      `invalid saga definition${problems.length > 1 ? "s" : ""} (SAGA_DEFINITIONS):\n${problems.map((p) => `  ${p}`).join("\n")}`,
      { details: problems },
    );
  }
  return sagas;
}

function sameName(sagas: WatchedSaga[], name: string): DefinitionIssue[] {
  const other = sagas.find((s) => s.definition.name === name);
  return other
    ? [
        {
          field: "name",
          message: `"${name}" is already the name of ${other.builtIn ? "the built-in saga" : other.file}`,
        },
      ]
    : [];
}
