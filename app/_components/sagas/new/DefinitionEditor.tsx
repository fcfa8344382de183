"use client";
// Step 3 of /sagas/new: the YAML in a code editor, its problems by field under it (and marked on
// their lines) as the person types, the map redrawn from it.
import { useMemo, useState } from "react";
import { parseDefinition, type DiscoveredStep, type SagaDefinition } from "../../../../contracts/sagas";
import { placeIssues } from "../../../_lib/proposal";
import { ProposedMap } from "./ProposedMap";
import { YamlEditor } from "./YamlEditor";

const ISSUES_ID = "definition-issues";

type Props = { text: string; onChange: (text: string) => void; discovered: readonly DiscoveredStep[] };

export function DefinitionEditor({ text, onChange, discovered }: Props) {
  const parsed = useMemo(() => parseDefinition(text), [text]);
  const issues = useMemo(() => (parsed.ok ? [] : placeIssues(text, parsed.issues)), [parsed, text]);
  // The last valid definition, kept while the text has problems.
  const [good, setGood] = useState<SagaDefinition | null>(parsed.ok ? parsed.definition : null);
  if (parsed.ok && parsed.definition !== good) setGood(parsed.definition);
  return (
    <>
      {good && <ProposedMap definition={good} discovered={discovered} stale={!parsed.ok} />}
      <section className="panel stack" aria-label="Definition">
        <h2>3. Edit the definition</h2>
        <p className="small muted">
          The format is in docs/attach.md. Problems are listed under the editor as you type and marked on their lines;
          Tab leaves the editor.
        </p>
        <YamlEditor
          value={text}
          onChange={onChange}
          issues={issues}
          label="Definition (YAML)"
          describedBy={ISSUES_ID}
        />
        <div id={ISSUES_ID} aria-live="polite">
          {issues.length === 0 ? (
            <p className="small good">No problems: this definition can be saved.</p>
          ) : (
            <ul className="field-error" aria-label="Problems in the definition">
              {issues.map((i, n) => (
                <li key={n}>
                  {i.line === null || i.message.startsWith("line ") ? "" : `line ${i.line}, `}
                  {i.field !== "(file)" && (
                    <>
                      <code>{i.field}</code>:{" "}
                    </>
                  )}
                  {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </>
  );
}
