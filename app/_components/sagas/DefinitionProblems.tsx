"use client";
// /sagas: the definition files SAGA_DEFINITIONS names whose current text is refused (attach.md,
// "Definitions without a restart"): file, field, reason. Their sagas keep their last valid
// definition; nothing shows while every file is valid.
import { useQuery } from "@tanstack/react-query";
import { DEFINITIONS_PATH, type DefinitionFiles } from "../../../contracts/sagas/definition-files";
import { getJson } from "../data/api";

export function DefinitionProblems() {
  const files = useQuery({
    queryKey: ["saga-definition-files"],
    queryFn: () => getJson<DefinitionFiles>(`/api/sagas/${DEFINITIONS_PATH}`),
    refetchInterval: 5000,
  });
  const refused = files.data?.files.filter((f) => !f.valid) ?? [];
  if (refused.length === 0) return null;
  return (
    <section className="notice" aria-label="Definition problems">
      <h2 style={{ margin: "0 0 6px", fontSize: "1rem" }}>Definition problems</h2>
      <table className="dlq-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Field</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {refused.flatMap((f) =>
            f.issues.map((i, n) => (
              <tr key={`${f.file}:${n}`} aria-label={`Problem in ${f.file}`}>
                <td>
                  <code>{f.file}</code>
                  {n === 0 && f.saga && <div className="muted">{f.saga} keeps its last valid definition</div>}
                </td>
                <td>
                  <code>{i.field}</code>
                </td>
                <td>{i.message}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
