"use client";
// Publishes the same record again (same eventId) through the operator API: the consumers must
// ignore it, and the journey shows it folded away as a duplicate.
import { useState } from "react";
import { adminApi } from "../data/adminApi";
import { errorText } from "../chaos/useOperations";

export function DuplicateButton({ eventId, topic, n }: { eventId: string; topic: string; n: number }) {
  const [said, setSaid] = useState<string | null>(null);
  return (
    <span className="row" style={{ display: "inline-flex", gap: 6 }}>
      <button
        type="button"
        className="small"
        style={{ padding: "2px 8px" }}
        aria-label={`Publish step ${n} (${topic}) again`}
        onClick={async () => {
          setSaid("publishing…");
          try {
            await adminApi.duplicate(eventId);
            setSaid("published again: consumers should ignore it");
          } catch (err) {
            setSaid(`refused: ${errorText(err)}`);
          }
        }}
      >
        Duplicate
      </button>
      <span role="status" aria-live="polite" className="small muted">
        {said ?? ""}
      </span>
    </span>
  );
}
