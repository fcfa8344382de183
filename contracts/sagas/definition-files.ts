// The definition files behind the watched sagas (attach.md, "Definitions without a restart"):
// `GET /api/sagas/_definitions` lists them with their problems; `POST` saves one from /sagas/new.
// The path starts with "_", which no saga name may, so it never hides a saga.
import { z } from "zod";
import { SafeText } from "../topics";

export const DEFINITIONS_PATH = "_definitions";

export const DefinitionFileState = z.object({
  /** As SAGA_DEFINITIONS names it, or inside a directory it names. */
  file: z.string(),
  /** The saga it defines now (its last valid definition), or null. */
  saga: z.string().nullable(),
  valid: z.boolean(),
  /** Why the file's current text is refused (the saga keeps its last valid definition). */
  issues: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type DefinitionFileState = z.infer<typeof DefinitionFileState>;

export const DefinitionFiles = z.object({
  directories: z.array(z.string()),
  /** The first directory of SAGA_DEFINITIONS, where a saved definition goes; null: none is named. */
  saveTo: z.string().nullable(),
  files: z.array(DefinitionFileState),
});
export type DefinitionFiles = z.infer<typeof DefinitionFiles>;

export const SaveDefinitionRequest = z.object({ yaml: SafeText.min(1).max(256 * 1024) }).strict();
export type SaveDefinitionRequest = z.infer<typeof SaveDefinitionRequest>;

/** 201: written, and watched by this observer. */
export const SaveDefinitionAnswer = z.object({ name: z.string(), file: z.string() });
export type SaveDefinitionAnswer = z.infer<typeof SaveDefinitionAnswer>;
