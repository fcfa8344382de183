// The key to the graph's line styles, in words; orchestration's also says which side of a spoke
// carries the commands and which the replies.
import type { SagaMode } from "../../../contracts/topics";
import { REPLY_TOPIC } from "../../../shared/eventEdges";

export function GraphLegend({ journey = false, mode = "choreography" }: { journey?: boolean; mode?: SagaMode }) {
  return (
    <div className="legend" aria-label="Legend">
      <span><span className="swatch" />forward step</span>
      <span><span className="swatch failure" />failure (dashed, backwards)</span>
      <span><span className="swatch compensation" />compensation (dashed, backwards)</span>
      {mode === "orchestration" && <span>commands from the orchestrator on one side of each spoke, replies on {REPLY_TOPIC} on the other</span>}
      {journey ? <span><span className="swatch untaken" />not taken by this order</span> : <span>line thickness: orders that took it recently</span>}
    </div>
  );
}
