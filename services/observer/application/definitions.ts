// Reads the saga definition files of SAGA_DEFINITIONS (YAML; JSON is YAML) and those the
// extensions bring (application/extension.ts), validates each against contracts/sagas, and
// refuses with every problem named by file and field (contracts/sagas/parse.ts parses); only
// loadSagas touches the file system, through the reader it is given.
import { parseDefinition, type DefinitionIssue, type SagaDefinition } from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";
import type { BundledDefinition } from "./extension";

/** A saga the observer watches: its definition with physical topic names; `builtIn`: an extension brought it. */
export type WatchedSaga = { definition: SagaDefinition; builtIn: boolean; file: string };

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
  /** The extensions' definitions, read with readFile before the user's files. */
  bundled?: readonly BundledDefinition[];
};

/** Every saga to watch, or a VALIDATION_FAILED error whose message names each file, field and problem. */
export function loadSagas(opts: LoadOptions): WatchedSaga[] {
  const problems: string[] = [];
  const sagas: WatchedSaga[] = [];
  const files: { file: string; bundled?: BundledDefinition }[] = [
    ...(opts.bundled ?? []).map((b) => ({ file: b.file, bundled: b })),
    ...opts.paths.map((file) => ({ file })),
  ];
  for (const { file, bundled } of files) {
    let text: string;
    try {
      text = opts.readFile(file);
    } catch (err) {
      problems.push(`${file}: (file): cannot be read: ${(err as Error).message}`);
      continue;
    }
    const parsed = parseDefinition(text);
    const issues = parsed.ok
      ? [...(bundled?.issues?.(parsed.definition) ?? []), ...sameName(sagas, parsed.definition.name)]
      : parsed.issues;
    if (issues.length > 0 || !parsed.ok) {
      problems.push(...issues.map((x) => `${file}: ${x.field}: ${x.message}`));
      continue;
    }
    sagas.push({
      definition: bundled?.prepare?.(parsed.definition, opts.topicPrefix) ?? parsed.definition,
      builtIn: bundled !== undefined,
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
          message: `"${name}" is already the name of ${other.builtIn ? `the built-in saga of ${other.file}` : other.file}`,
        },
      ]
    : [];
}
