// Reads the saga definition files of SAGA_DEFINITIONS (YAML; JSON is YAML) and those the
// extensions bring (application/extension.ts), validates each against contracts/sagas, and
// refuses with every problem named by file and field (contracts/sagas/parse.ts parses, and
// catalog-state.ts decides which file gives which saga); only loadSagas touches the file system,
// through the reader it is given.
import { parseDefinition } from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";
import { holderName, resolveCatalog, type CatalogState, type FileRead, type WatchedSaga } from "./catalog-state";
import type { BundledDefinition } from "./extension";

export type { Sagas, WatchedSaga } from "./catalog-state";

/** SAGA_DEFINITIONS: comma-separated paths (files or directories), blanks ignored. */
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

/** One file's text through the reader, or why it cannot be read. */
export function readWith(readFile: (path: string) => string, file: string): FileRead {
  try {
    return { file, text: readFile(file) };
  } catch (err) {
    return { file, unreadable: (err as Error).message };
  }
}

/** The extensions' sagas (never reloaded: they come with the build) and the files' state; throws as loadSagas. */
export function loadCatalog(opts: LoadOptions): { fixed: WatchedSaga[]; state: CatalogState } {
  const problems: string[] = [];
  const fixed: WatchedSaga[] = [];
  for (const b of opts.bundled ?? []) {
    const read = readWith(opts.readFile, b.file);
    if ("unreadable" in read) {
      problems.push(`${b.file}: (file): cannot be read: ${read.unreadable}`);
      continue;
    }
    const parsed = parseDefinition(read.text);
    if (!parsed.ok) {
      problems.push(...parsed.issues.map((x) => `${b.file}: ${x.field}: ${x.message}`));
      continue;
    }
    const other = fixed.find((s) => s.definition.name === parsed.definition.name);
    const issues = [
      ...(b.issues?.(parsed.definition) ?? []),
      ...(other
        ? [{ field: "name", message: `"${parsed.definition.name}" is already the name of ${holderName(other)}` }]
        : []),
    ];
    if (issues.length > 0) problems.push(...issues.map((x) => `${b.file}: ${x.field}: ${x.message}`));
    else
      fixed.push({
        definition: b.prepare?.(parsed.definition, opts.topicPrefix) ?? parsed.definition,
        builtIn: true,
        file: b.file,
      });
  }
  const state = resolveCatalog({ fixed, reads: opts.paths.map((f) => readWith(opts.readFile, f)), previous: [] });
  for (const f of state.files) problems.push(...f.issues.map((x) => `${f.file}: ${x.field}: ${x.message}`));
  if (problems.length > 0) {
    throw new SagaError(
      "VALIDATION_FAILED",
      `invalid saga definition${problems.length > 1 ? "s" : ""} (SAGA_DEFINITIONS):\n${problems.map((p) => `  ${p}`).join("\n")}`,
      { details: problems },
    );
  }
  return { fixed, state };
}

/** Every saga to watch, or a VALIDATION_FAILED error whose message names each file, field and problem. */
export function loadSagas(opts: LoadOptions): WatchedSaga[] {
  return loadCatalog(opts).state.sagas;
}
