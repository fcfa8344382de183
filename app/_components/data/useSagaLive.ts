"use client";
// A watched saga's pages, live: joins the saga's room (or one instance's) on the tab's socket
// while mounted and folds each push into the react-query cache (app/_lib/sagaLive.ts), so 50 open
// pages cost the observer no more reads than one. After a reconnect or a resync they read again.
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { SagaDetail, SagaInstanceStatus, SagaInstanceSummary, SagaInstanceView } from "../../../contracts/sagas";
import { applyToDetail, applyToInstance, applyToInstances, knownFrom, stepPulses } from "../../_lib/sagaLive";
import { useLive } from "./LiveProvider";
import { INSTANCES_LIMIT, sagaKeys } from "./sagasApi";

/** After pushes to an instance's room, its stored view (values, headers) is read once they pause. */
const INSTANCE_READ_AFTER_MS = 1000;

const statusOf = (key: QueryKey) => (key[2] ?? null) as SagaInstanceStatus | null;

/** Joins the saga's room; returns per step how many pushes carried its records (the map's dots). */
export function useSagaLive(name: string): Record<string, number> {
  const live = useLive();
  const qc = useQueryClient();
  const [pulses, setPulses] = useState<Record<string, number>>({});
  useEffect(() => {
    if (!live) return;
    const resync = () => {
      void qc.invalidateQueries({ queryKey: sagaKeys.detail(name) });
      void qc.invalidateQueries({ queryKey: sagaKeys.instances(name) });
    };
    return live.watched.watchSaga(name, {
      resync,
      batch(b) {
        const lists = qc.getQueriesData<SagaInstanceSummary[]>({ queryKey: sagaKeys.instances(name) });
        const known = () =>
          knownFrom(
            lists.map(([key, rows]) => ({ status: statusOf(key), rows: rows ?? [] })),
            INSTANCES_LIMIT,
          );
        // Both from what the page knew before this push.
        const forLists = known();
        qc.setQueryData<SagaDetail>(sagaKeys.detail(name), (d) => d && applyToDetail(d, b, known()));
        for (const [key, rows] of lists)
          if (rows)
            qc.setQueryData<SagaInstanceSummary[]>(
              key,
              applyToInstances(rows, b.instances, statusOf(key), forLists, INSTANCES_LIMIT),
            );
        const moved = stepPulses(b);
        if (Object.keys(moved).length > 0)
          setPulses((p) => {
            const next = { ...p };
            for (const id of Object.keys(moved)) next[id] = (next[id] ?? 0) + 1;
            return next;
          });
      },
    });
  }, [live, qc, name]);
  return pulses;
}

/** Joins one instance's room: its records are added to the journey as they are stored. */
export function useSagaInstanceLive(name: string, id: string, run: number | null): void {
  const live = useLive();
  const qc = useQueryClient();
  useEffect(() => {
    if (!live) return;
    const key = sagaKeys.instance(name, id, run);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => void qc.invalidateQueries({ queryKey: key });
    const off = live.watched.watchInstance(name, id, {
      resync: read,
      change(records, change) {
        const steps = qc.getQueryData<SagaDetail>(sagaKeys.detail(name))?.steps ?? [];
        qc.setQueryData<SagaInstanceView>(key, (v) =>
          v && (run === null || v.run === change.run) ? applyToInstance(v, steps, records, change) : v,
        );
        if (timer) clearTimeout(timer);
        timer = setTimeout(read, INSTANCE_READ_AFTER_MS);
      },
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [live, qc, name, id, run]);
}
