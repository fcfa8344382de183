// The key to the graph's line styles, in words; orchestration's also says which side of a spoke
// carries the commands and which the replies. A watched saga's edges run wherever its
// definition says, and an edge whose consumer was inferred is dotted.
import type { SagaMode } from "../../../contracts/topics";
import { REPLY_TOPIC } from "../../../shared/eventEdges";

type Props = { journey?: boolean; mode?: SagaMode; watched?: boolean };

export function GraphLegend({ journey = false, mode = "choreography", watched = false }: Props) {
  const dashed = watched ? "dashed" : "dashed, backwards";
  const who = watched ? "instance" : "order";
  return (
    <div className="legend" aria-label="Legend">
      <span>
        <span className="swatch" />
        forward step
      </span>
      <span>
        <span className="swatch failure" />
        failure ({dashed})
      </span>
      <span>
        <span className="swatch compensation" />
        compensation ({dashed})
      </span>
      {watched && (
        <span>
          <span className="swatch inferred" />
          consumer inferred from the consumer groups (dotted, “(inferred)”)
        </span>
      )}
      {mode === "orchestration" && (
        <span>commands from the orchestrator on one side of each spoke, replies on {REPLY_TOPIC} on the other</span>
      )}
      {journey ? (
        <span>
          <span className="swatch untaken" />
          not taken by this {who}
        </span>
      ) : (
        <span>line thickness: {watched ? "records seen" : "orders that took it recently"}</span>
      )}
    </div>
  );
}
