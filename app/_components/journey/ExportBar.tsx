"use client";
// Export an order's journey: its trace as a JSON file (the API's GET /api/orders/:id/trace, the
// same answer scripts get) and its Mermaid sequence diagram on the clipboard.
import { useEffect, useRef, useState } from "react";

type Message = { text: string; error: boolean };

export function ExportBar({ orderId, diagram }: { orderId: string; diagram: string | null }) {
  const [message, setMessage] = useState<Message | null>(null);
  const urls = useRef<string[]>([]);
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const download = async () => {
    try {
      const r = await fetch(`/api/orders/${encodeURIComponent(orderId)}/trace`, {
        headers: { accept: "application/json" },
        cache: "no-store",
      });
      if (!r.ok) throw new Error(`the API answered ${r.status}`);
      // A blob URL rather than a link to the API, so that a failure is reported here instead of saved as the file.
      const url = URL.createObjectURL(await r.blob());
      urls.current.push(url);
      const a = document.createElement("a");
      a.href = url;
      a.download = `order-${orderId}-trace.json`;
      a.click();
      setMessage({ text: "Trace saved as JSON.", error: false });
    } catch (err) {
      setMessage({ text: `Could not download the trace: ${(err as Error).message}.`, error: true });
    }
  };

  const copy = async () => {
    if (!diagram) return;
    try {
      await navigator.clipboard.writeText(diagram);
      setMessage({ text: "Diagram copied to the clipboard.", error: false });
    } catch {
      setMessage({
        text: "The browser did not allow the clipboard: copy the Mermaid source under “Sequence diagram”.",
        error: true,
      });
    }
  };

  return (
    <div className="row" role="group" aria-label="Export">
      <button type="button" onClick={() => void download()}>
        Download JSON
      </button>
      <button type="button" onClick={() => void copy()} disabled={!diagram}>
        Copy diagram
      </button>
      <span role="status" aria-label="Export result" className={message?.error ? "small field-error" : "small muted"}>
        {message?.text}
      </span>
    </div>
  );
}
