"use client";
// One dead letter: where it came from, why it failed, and (opened) the original record as it
// was consumed, shown as text (React escapes it), never as markup.
import Link from "next/link";
import { useState } from "react";
import type { DeadLetterView } from "../../../contracts/admin";
import { isUuid } from "../../../contracts";
import { readableOriginal } from "../../_lib/operations";

export function DeadLetterRow({ letter: d, onRepublish }: { letter: DeadLetterView; onRepublish(): void }) {
  const [open, setOpen] = useState(false);
  const original = readableOriginal(d.original);
  return (
    <>
      <tr data-testid="dead-letter">
        <td className="small">{new Date(d.at).toLocaleString()}</td>
        <td>
          <span className="topic">{d.topic}</span>{" "}
          <span className="muted small">
            p{d.partition} @{d.offset}
          </span>
        </td>
        <td>{d.service}</td>
        <td>
          <strong className="small">{d.error.code}</strong>
          <div className="small muted" style={{ maxWidth: 360, overflowWrap: "anywhere" }}>
            {d.error.message}
          </div>
        </td>
        <td>{d.attempts}</td>
        <td className="small">
          {isUuid(d.orderId) ? (
            <Link href={`/orders/${d.orderId}`}>{d.orderId.slice(0, 8)}…</Link>
          ) : (
            <span className="muted">{d.orderId.slice(0, 40)}</span>
          )}
        </td>
        <td className="small">{d.republishedAt ? new Date(d.republishedAt).toLocaleTimeString() : "–"}</td>
        <td>
          <div className="row" style={{ flexWrap: "nowrap" }}>
            <button
              type="button"
              aria-expanded={open}
              onClick={() => setOpen((o) => !o)}
              aria-label={`Show the original of ${d.topic} offset ${d.offset}`}
            >
              {open ? "Hide" : "Original"}
            </button>
            <button
              type="button"
              onClick={onRepublish}
              aria-label={`Re-publish ${d.topic} offset ${d.offset} of order ${d.orderId}`}
            >
              Re-publish
            </button>
          </div>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8}>
            <p className="small muted" style={{ margin: "0 0 4px" }}>
              {original.json ? "The original record (JSON):" : "The original record (not JSON):"}
            </p>
            <pre className="dlq-original" aria-label={`Original of ${d.topic} offset ${d.offset}`}>
              {original.text}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}
