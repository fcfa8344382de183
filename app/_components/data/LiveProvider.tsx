"use client";
// Provides the tab's LiveClient and the react-query client, and the hooks that read them.
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { queryKeys } from "./api";
import { LiveClient, type ConnectionState } from "./LiveClient";
import type { FeedStore } from "./FeedStore";

const LiveContext = createContext<LiveClient | null>(null);

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } } }),
  );
  const [live, setLive] = useState<LiveClient | null>(null);
  useEffect(() => {
    const client = new LiveClient();
    setLive(client);
    return () => {
      client.socket.close();
    };
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <LiveContext.Provider value={live}>{children}</LiveContext.Provider>
    </QueryClientProvider>
  );
}

export function useLive(): LiveClient | null {
  return useContext(LiveContext);
}

const OFFLINE: ConnectionState = { connected: false, kafka: { kafka: "connecting" }, connects: 0 };
const noop = () => () => undefined;

export function useConnection(): ConnectionState {
  const live = useLive();
  return useSyncExternalStore(
    live?.onState ?? noop,
    () => live?.state ?? OFFLINE,
    () => OFFLINE,
  );
}

/** Joins the events feed while mounted; re-renders on every applied batch. */
export function useFeed(): FeedStore | null {
  const live = useLive();
  useEffect(() => live?.useFeed(), [live]);
  useSyncExternalStore(
    live?.feed.subscribe ?? noop,
    () => live?.feed.getVersion() ?? -1,
    () => -1,
  );
  return live?.feed ?? null;
}

/**
 * Invalidates products and users when stock or points moved (socket notices, not polling),
 * at most once per `minGapMs` so a burst costs one refetch. With `invariants`, the live
 * conservation check is refetched too whenever an order ends.
 */
export function useInventoryInvalidation(minGapMs = 400, opts: { invariants?: boolean } = {}): void {
  const live = useLive();
  const qc = useQueryClient();
  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const due = { products: false, users: false, invariants: false };
    const fire = () => {
      timer = null;
      if (due.products) void qc.invalidateQueries({ queryKey: queryKeys.products });
      if (due.users) void qc.invalidateQueries({ queryKey: queryKeys.users });
      if (due.invariants) void qc.invalidateQueries({ queryKey: queryKeys.invariants });
      due.products = due.users = due.invariants = false;
    };
    const off = live.onChanges((n) => {
      // A change notice counts topics only: any orchestration reply may have moved stock or points.
      const replied = !!n.topics["saga-reply"];
      if (n.topics["stock-decrease"] || n.topics["stock-restore"] || replied) due.products = true;
      if (n.topics["pay-complete"] || n.topics["pay-refund"] || replied) due.users = true;
      if (
        opts.invariants &&
        (n.topics["order-complete"] ||
          n.topics["order-cancel"] ||
          n.topics["order-create"] ||
          n.topics["stock-command"] ||
          n.topics["notification-command"] ||
          replied)
      )
        due.invariants = true;
      if ((due.products || due.users || due.invariants) && !timer) timer = setTimeout(fire, minGapMs);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [live, qc, minGapMs, opts.invariants]);
}
