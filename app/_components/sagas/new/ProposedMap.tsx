"use client";
// The map of the definition being edited, drawn by the same components as /sagas/:name: each
// step labelled with the sampled records discovery counted for it. Redrawn whenever the YAML
// is valid; while it is not, the last valid definition stays drawn.
import { useMemo } from "react";
import type { DiscoveredStep, SagaDefinition } from "../../../../contracts/sagas";
import { definitionSummary, sampledPerStep } from "../../../_lib/proposal";
import { liveSagaMap } from "../../../_lib/sagaMap";
import { LayeredSagaGraph } from "../../graph/LayeredSagaGraph";
import { GraphLegend } from "../../graph/Legend";

type Props = { definition: SagaDefinition; discovered: readonly DiscoveredStep[]; stale: boolean };

export function ProposedMap({ definition, discovered, stale }: Props) {
  const model = useMemo(
    () => liveSagaMap(definitionSummary(definition, discovered), sampledPerStep(definition, discovered)),
    [definition, discovered],
  );
  return (
    <section className="stack" aria-label="Proposed map">
      <h2>The map, with each step&apos;s sampled records</h2>
      {stale && (
        <p className="notice small" role="status">
          The YAML has problems: the map shows its last valid version.
        </p>
      )}
      <LayeredSagaGraph model={model} label={`Map of ${definition.name}`} />
      <GraphLegend watched />
    </section>
  );
}
