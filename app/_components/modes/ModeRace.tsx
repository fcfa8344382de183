"use client";
// The live race: settings, what the race is doing (a live region), and both modes' figures.
import { SAGA_MODES, type SagaMode } from "../../../contracts/topics";
import type { ModeSummary } from "../../_lib/modeSummary";
import type { RaceProgress } from "../../_lib/raceRunner";
import { RaceForm } from "./RaceForm";
import { RaceResults } from "./RaceResults";
import { useModeRace } from "./useModeRace";

function tally(summaries: Record<SagaMode, ModeSummary>): string {
  return SAGA_MODES.map((m) => `${m} ${summaries[m].ended} of ${summaries[m].placed} ended`).join(", ");
}

/** One sentence per phase, so the live region speaks when the race moves on, not at every poll. */
function statusText(
  progress: RaceProgress | null,
  summaries: Record<SagaMode, ModeSummary> | null,
  running: boolean,
  failure: Error | null,
): string {
  if (failure) return `The race failed: ${failure.message}.`;
  if (!progress || !summaries) return running ? "Starting the race…" : "No race run yet.";
  const refused = progress.rejected.length
    ? ` ${progress.rejected.length} orders were refused (${progress.rejected[0].message}).`
    : "";
  switch (progress.phase) {
    case "placing":
      return `Placing ${progress.requested} orders…`;
    case "following":
      return `Following ${progress.placed.choreography + progress.placed.orchestration} sagas to their end…${refused}`;
    case "done":
      return `Race finished: ${tally(summaries)}.${refused}`;
    case "gave-up":
      return `Stopped waiting for the rest: ${tally(summaries)}.${refused}`;
    case "stopped":
      return `Race stopped: ${tally(summaries)}.${refused}`;
  }
}

export function ModeRace() {
  const race = useModeRace();
  const { catalogue } = race;
  return (
    <section className="panel stack" aria-labelledby="race-title">
      <div>
        <h2 id="race-title" style={{ margin: 0 }}>
          Live race
        </h2>
        <p className="small muted" style={{ margin: "4px 0 0" }}>
          The same order mix through both designs, on the services running now.
        </p>
      </div>
      {catalogue.error ? (
        <p className="alert" role="alert">
          Could not load the catalogue: {catalogue.error.message}
        </p>
      ) : null}
      <RaceForm
        orders={catalogue.orders}
        products={catalogue.products}
        users={catalogue.users}
        running={race.running}
        onRun={race.run}
        onStop={race.stop}
      />
      <p
        role="status"
        aria-live="polite"
        aria-atomic="true"
        aria-label="Race status"
        className="notice"
        style={{ margin: 0 }}
      >
        {statusText(race.progress, race.summaries, race.running, race.failure)}
      </p>
      {race.summaries ? <RaceResults summaries={race.summaries} /> : null}
    </section>
  );
}
