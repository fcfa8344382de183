"use client";
// One order, live: the API's view (react-query) merged with the records pushed to the order's
// room. The room is joined before the first fetch lands, so nothing falls between the two; the
// query is refreshed when the saga finishes and after a reconnect. `steps` is every record of
// both, the API's duplicate records included: the journey folds them (foldSteps, one key), so
// its duplicate count is the same live and after a reload.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { SagaStep } from "../../../contracts/api";
import { withDuplicateRecords } from "../../../contracts/order-journey";
import { sagaEnding } from "../../../contracts/saga-steps";
import type { SagaEvent } from "../../../contracts/socket";
import { outcomeOf } from "../../../shared/eventEdges";
import { api, ApiError, queryKeys } from "./api";
import { useConnection, useLive } from "./LiveProvider";

const MAX_LIVE = 2_000;

export function useOrderLive(orderId: string) {
  const live = useLive();
  const qc = useQueryClient();
  const { connects } = useConnection();
  const [pushed, setPushed] = useState<SagaEvent[]>([]);

  const query = useQuery({
    queryKey: queryKeys.order(orderId),
    queryFn: () => api.order(orderId),
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 2,
  });

  useEffect(() => {
    if (!live) return;
    setPushed([]);
    const merge = (events: SagaEvent[]) => {
      if (events.length === 0) return;
      // A snapshot after a reconnect gives records again: the same record is kept once.
      setPushed((prev) => {
        const ids = new Set(prev.map((e) => e.id));
        const add = events.filter((e) => !ids.has(e.id));
        return add.length ? [...prev, ...add].slice(-MAX_LIVE) : prev;
      });
      // The saga's end (either mode) and its last reply or notice bring the stored view up to date.
      if (events.some((e) => sagaEnding(e.envelope) || outcomeOf(e.envelope)?.type === "notification-send")) {
        void qc.invalidateQueries({ queryKey: queryKeys.order(orderId) });
      }
    };
    return live.watchOrder(orderId, { snapshot: merge, events: merge });
  }, [live, orderId, qc]);

  // After a reconnect, refetch to cover anything that happened while offline.
  useEffect(() => {
    if (connects > 1) void qc.invalidateQueries({ queryKey: queryKeys.order(orderId) });
  }, [connects, orderId, qc]);

  const steps = useMemo<SagaStep[]>(
    () => [...(query.data ? withDuplicateRecords(query.data).steps : []), ...pushed],
    [query.data, pushed],
  );

  const notFound = query.error instanceof ApiError && query.error.status === 404 && pushed.length === 0;
  return { view: query.data ?? null, steps, query, notFound };
}
