"use client";
// The race as React state: the catalogue (react-query), the run (a mutation that places and
// follows the orders, reporting progress as it goes) and a stop.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { SAGA_MODES, type SagaMode } from "../../../contracts/topics";
import { interleave, kindOrders, planKinds, type RaceMix } from "../../_lib/modeRace";
import { summarizeMode, type ModeSummary } from "../../_lib/modeSummary";
import { runRace, type RaceProgress } from "../../_lib/raceRunner";
import { api, queryKeys } from "../data/api";

export type RaceRequest = { perMode: number; mix: RaceMix };

export function useModeRace() {
  const client = useQueryClient();
  const products = useQuery({ queryKey: queryKeys.products, queryFn: api.products });
  const users = useQuery({ queryKey: queryKeys.users, queryFn: api.users });
  const orders = useMemo(
    () => (products.data && users.data ? kindOrders(products.data, users.data) : null),
    [products.data, users.data],
  );
  const [progress, setProgress] = useState<RaceProgress | null>(null);
  const abort = useRef<AbortController | null>(null);

  const race = useMutation({
    mutationFn: async ({ perMode, mix }: RaceRequest) => {
      if (!orders || "error" in orders) throw new Error(orders?.error ?? "the catalogue is not loaded yet");
      const plan = interleave(planKinds(perMode, mix)).map(({ kind, mode }) => ({ ...orders[kind], mode }));
      abort.current = new AbortController();
      setProgress(null);
      return runRace(plan, { placeOrder: api.placeOrder, order: api.order }, setProgress, {
        signal: abort.current.signal,
      });
    },
    onSettled: () => {
      abort.current = null;
      void client.invalidateQueries({ queryKey: queryKeys.products });
      void client.invalidateQueries({ queryKey: queryKeys.users });
      void client.invalidateQueries({ queryKey: queryKeys.orders });
    },
  });

  useEffect(() => () => abort.current?.abort(), []);
  const stop = useCallback(() => abort.current?.abort(), []);

  const summaries = useMemo(() => {
    if (!progress) return null;
    const outcomes = [...progress.outcomes.values()];
    return Object.fromEntries(SAGA_MODES.map((m) => [m, summarizeMode(m, progress.placed[m], outcomes)])) as Record<
      SagaMode,
      ModeSummary
    >;
  }, [progress]);

  return {
    catalogue: {
      loading: products.isPending || users.isPending,
      error: products.error ?? users.error,
      orders,
      products: products.data ?? [],
      users: users.data ?? [],
    },
    run: (r: RaceRequest) => race.mutate(r),
    running: race.isPending,
    failure: race.error,
    stop,
    progress,
    summaries,
  };
}
