"use client";
// The journey as a Mermaid sequence diagram (contracts/trace-mermaid.ts), drawn when opened:
// Mermaid is a large library, so it is imported then, on the client only, and renders with
// securityLevel "strict" (no HTML, links or scripts from the diagram's text).
import { useEffect, useId, useRef, useState } from "react";

type State = { kind: "closed" | "drawing" | "drawn" } | { kind: "failed"; message: string };

export function SequenceDiagram({
  source,
  steps,
  orchestrated = false,
}: {
  source: string | null;
  steps: number;
  orchestrated?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ kind: "closed" });
  const host = useRef<HTMLDivElement>(null);
  // Mermaid uses the id in CSS selectors: letters and digits only.
  const id = `sequence-${useId().replace(/[^A-Za-z0-9]/g, "")}`;

  useEffect(() => {
    if (!open || !source) return;
    let cancelled = false;
    setState({ kind: "drawing" });
    import("mermaid")
      .then(async ({ default: mermaid }) => {
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: "strict",
          suppressErrorRendering: true,
          sequence: { useMaxWidth: false },
        });
        const { svg } = await mermaid.render(id, source);
        if (cancelled || !host.current) return;
        host.current.innerHTML = svg;
        setState({ kind: "drawn" });
      })
      .catch((err: unknown) => {
        if (!cancelled) setState({ kind: "failed", message: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      cancelled = true;
    };
  }, [open, source, id]);

  return (
    <section aria-label="Sequence diagram">
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <h2 style={{ display: "inline" }}>Sequence diagram</h2>{" "}
          <span className="small muted">
            {orchestrated ? "the orchestrator's commands and the replies" : "services and topics"}, compensations dotted
            (Mermaid)
          </span>
        </summary>
        {state.kind === "drawing" && (
          <p className="small muted" role="status">
            Drawing the diagram…
          </p>
        )}
        {state.kind === "failed" && (
          <p className="alert" role="alert">
            Could not draw the diagram: {state.message}
          </p>
        )}
        <div
          ref={host}
          className="sequence-diagram"
          role="img"
          aria-label={`Sequence diagram of the order's ${steps} steps`}
        />
        {source && (
          <details>
            <summary className="small">Mermaid source</summary>
            <pre aria-label="Mermaid source">{source}</pre>
          </details>
        )}
      </details>
    </section>
  );
}
