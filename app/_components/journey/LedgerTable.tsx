// The compensation ledger: each forward effect beside its undo, with anything unmatched flagged.
import type { Ledger } from "../../_lib/ledger";

export function LedgerTable({ ledger }: { ledger: Ledger }) {
  return (
    <section aria-label="Compensation ledger">
      <h2>Compensation ledger</h2>
      {ledger.rows.length === 0 ? (
        <p className="muted small">Nothing was taken from stock or balance, so there is nothing to undo.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Resource</th>
              <th>Forward</th>
              <th>Undo</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {ledger.rows.map((r) => (
              <tr key={`${r.resource}-${r.subject}`} aria-label={`${r.resource} ${r.subject}: ${r.status}`}>
                <td>{r.resource === "stock" ? `Stock of ${r.subject}` : `Points of ${r.subject}`}</td>
                <td>
                  {r.forward} {r.forwardLabel}
                </td>
                <td>
                  {r.undone} {r.undoLabel}
                </td>
                <td className={`ledger-${r.status}`}>
                  {r.status === "unmatched" ? "⚠ unmatched" : r.status}: {r.note}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ledger.unmatched > 0 && (
        <p className="alert small" role="alert">
          {ledger.unmatched} effect(s) without a matching undo.
        </p>
      )}
    </section>
  );
}
