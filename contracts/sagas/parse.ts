// One definition file's text (YAML; JSON is YAML) to a definition, or its problems by field.
// Pure, so the observer and the browser's editor (/sagas/new) give the same answer.
import { parseDocument } from "yaml";
import { definitionIssues, SagaDefinition, type DefinitionIssue } from "./definition";

export type ParseResult = { ok: true; definition: SagaDefinition } | { ok: false; issues: DefinitionIssue[] };

/** A YAML syntax error is one issue, field "(file)", with its line. */
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
