"use client";
// Tabs that pick which saga mode's graph the map draws. Arrow keys move between the tabs, as
// the tabs pattern expects; only the selected tab is in the tab order.
import { useRef, type KeyboardEvent } from "react";
import { SAGA_MODES, type SagaMode } from "../../../contracts/topics";
import { MODE_LABEL } from "../../_lib/topology";

export function modeFromQuery(value: string | null): SagaMode {
  return SAGA_MODES.find((m) => m === value) ?? "choreography";
}

export function ModeTabs({ value, onChange }: { value: SagaMode; onChange(mode: SagaMode): void }) {
  const refs = useRef<Partial<Record<SagaMode, HTMLButtonElement | null>>>({});
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const i = SAGA_MODES.indexOf(value);
    const next = SAGA_MODES[(i + (e.key === "ArrowRight" ? 1 : SAGA_MODES.length - 1)) % SAGA_MODES.length];
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label="Saga mode" className="row" onKeyDown={onKey}>
      {SAGA_MODES.map((m) => (
        <button
          key={m}
          ref={(el) => {
            refs.current[m] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${m}`}
          aria-selected={value === m}
          aria-controls={`map-${m}`}
          tabIndex={value === m ? 0 : -1}
          className={value === m ? "primary" : undefined}
          onClick={() => onChange(m)}
        >
          {MODE_LABEL[m]}
        </button>
      ))}
    </div>
  );
}
