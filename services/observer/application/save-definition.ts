// POST /sagas/_definitions (attach.md, "Definitions without a restart"): a definition from
// /sagas/new, written as <first directory>/<name>.yaml and watched at once. Refused: an invalid
// text (400, its issues by field), a name another saga or file has (409), no directory (409).
import { basename, dirname, join, resolve } from "node:path";
import { fieldErrors } from "../../../contracts";
import {
  parseDefinition,
  SAGA_NAME,
  SaveDefinitionRequest,
  type DefinitionIssue,
  type SaveDefinitionAnswer,
  type SagaDefinition,
} from "../../../contracts/sagas";
import { SagaError } from "../../kit/errors";
import { holderName } from "./catalog-state";
import type { SagaCatalog } from "./catalog";
import { DEFINITION_EXTENSIONS, type DefinitionFs } from "./definition-paths";

export type SaveDeps = {
  catalog: Pick<SagaCatalog, "files" | "sagas" | "reload" | "find">;
  fs: Pick<DefinitionFs, "stat" | "writeNew">;
  /** Problems beyond the schema's, as the catalog holds the files to. */
  issues?(d: SagaDefinition): DefinitionIssue[];
};

const invalid = (message: string, details: DefinitionIssue[]) =>
  new SagaError("VALIDATION_FAILED", message, { details });

export async function saveDefinition(deps: SaveDeps, body: unknown): Promise<SaveDefinitionAnswer> {
  const request = SaveDefinitionRequest.safeParse(body);
  if (!request.success) throw invalid("invalid request", fieldErrors(request.error));
  const parsed = parseDefinition(request.data.yaml);
  const issues = parsed.ok ? (deps.issues?.(parsed.definition) ?? []) : parsed.issues;
  if (!parsed.ok || issues.length > 0) throw invalid("the definition is not valid", issues);
  const { name } = parsed.definition;
  const holder = deps.catalog.sagas().find((s) => s.definition.name === name);
  if (holder) throw new SagaError("CONFLICT", `"${name}" is already the name of ${holderName(holder)}`);
  const claimed = deps.catalog.files().files.find((f) => f.saga === name);
  if (claimed) throw new SagaError("CONFLICT", `"${name}" is already the name of ${claimed.file}`);
  const dir = deps.catalog.files().saveTo;
  if (dir === null)
    throw new SagaError("CONFLICT", "SAGA_DEFINITIONS names no directory, so there is nowhere to save a definition");
  // The name's pattern has no "/" and no "..": the file is always directly in the directory.
  const file = join(dir, `${name}.yaml`);
  if (!SAGA_NAME.test(name) || resolve(dirname(file)) !== resolve(dir) || basename(file) !== `${name}.yaml`)
    throw invalid("the definition is not valid", [{ field: "name", message: "not a file name" }]);
  const existing = DEFINITION_EXTENSIONS.map((ext) => join(dir, `${name}${ext}`)).find((f) => deps.fs.stat(f) !== null);
  if (existing) throw new SagaError("CONFLICT", `${existing} exists already`);
  try {
    deps.fs.writeNew(file, request.data.yaml);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new SagaError("CONFLICT", `${file} exists already`, { cause: err });
    throw new SagaError("CONFLICT", `${file} cannot be written (${code ?? (err as Error).message})`, { cause: err });
  }
  await deps.catalog.reload();
  const saga = deps.catalog.find(name);
  if (saga?.file !== file) {
    const state = deps.catalog.files().files.find((f) => f.file === file);
    throw new SagaError(
      "CONFLICT",
      `${file} was written but does not give the saga: ${state?.issues.map((i) => i.message).join("; ") ?? "not read"}`,
    );
  }
  return { name, file };
}
