// Which saga design carries an order, as a small badge; the hidden words say what it means.
import type { SagaMode } from "../../contracts/topics";
import { MODE_LABEL } from "../_lib/topology";

export function ModeBadge({ mode }: { mode: SagaMode }) {
  return (
    <span className={`badge badge-mode ${mode}`}>
      <span className="visually-hidden-text">Saga mode: </span>
      {MODE_LABEL[mode]}
    </span>
  );
}
