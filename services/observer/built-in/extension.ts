// The built-in saga as an extension of the observer (registered in main.ts): its definition,
// and its hop and saga metrics from its records as they are first stored. OBSERVER_BUILT_IN=0
// turns it off (bench and tests that watch only their own saga).
import { z } from "zod";
import type { ExtensionFactory } from "../application/extension";
import { sagaObserver, storedSteps } from "./application/hops";
import { BUILT_IN_NAME, builtInDefinition } from "./definition";
import { sagaMetrics } from "./infra/hop-metrics";

const Settings = z.object({ OBSERVER_BUILT_IN: z.enum(["0", "1"]).default("1") });

export const builtInSaga: ExtensionFactory = (settings) => {
  const parsed = Settings.safeParse(settings);
  if (!parsed.success) throw new Error(`invalid configuration for the observer:\n  OBSERVER_BUILT_IN: must be 0 or 1`);
  if (parsed.data.OBSERVER_BUILT_IN === "0") return null;
  return {
    definitions: [builtInDefinition],
    start(ctx) {
      const hops = sagaObserver(sagaMetrics(ctx.metrics));
      return { onStored: { [BUILT_IN_NAME]: (records) => hops.observe(storedSteps(records, ctx.topicPrefix)) } };
    },
  };
};
