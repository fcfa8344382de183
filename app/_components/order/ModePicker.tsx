"use client";
// The saga design that carries a new order: native radios in a named radio group, each named by
// its mode and described by a line on what it means.
import { SAGA_MODES, type SagaMode } from "../../../contracts/topics";
import { MODE_LABEL } from "../../_lib/topology";

const MEANING: Record<SagaMode, string> = {
  choreography: "each service reacts to the previous one's event",
  orchestration: "the order service commands each step and reads the replies",
};

export function ModePicker({ value, onChange }: { value: SagaMode; onChange(mode: SagaMode): void }) {
  return (
    <fieldset
      className="stack"
      role="radiogroup"
      aria-label="Saga mode"
      style={{ border: 0, padding: 0, margin: 0, gap: 4 }}
    >
      <legend className="small muted">Saga mode</legend>
      {SAGA_MODES.map((m) => (
        <div key={m} className="row small" style={{ gap: 6 }}>
          <input
            id={`mode-${m}`}
            type="radio"
            name="saga-mode"
            value={m}
            checked={value === m}
            onChange={() => onChange(m)}
            aria-describedby={`mode-${m}-meaning`}
          />
          <label htmlFor={`mode-${m}`}>
            <strong>{MODE_LABEL[m]}</strong>
          </label>
          <span id={`mode-${m}-meaning`} className="muted">
            {MEANING[m]}
          </span>
        </div>
      ))}
    </fieldset>
  );
}
