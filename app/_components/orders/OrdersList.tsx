"use client";
// All recent orders, newest first, live: loaded once through react-query, then patched from the
// socket feed. Virtualised, so 10,000 rows scroll smoothly; while the user is scrolled down or
// has an order open, new rows wait above ("N new orders") instead of moving the list.
// Ticking two rows enables "Compare" (/compare?a=..&b=..). The filter lives in the URL
// (?status=&reason=&mode=&q=), replaced in place so that typing adds no history entries.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { OrderSummary } from "../../../contracts/api";
import { compareHref } from "../../_lib/links";
import {
  applyEventsToList,
  filterFromQuery,
  filterOrders,
  filterToQuery,
  heldIds,
  MAX_LIST,
  type ListFilter,
} from "../../_lib/orderList";
import { api, queryKeys } from "../data/api";
import { useConnection, useFeed } from "../data/LiveProvider";
import { ModeBadge } from "../ModeBadge";
import { StatusBadge } from "../StatusBadge";
import { OrderFilters } from "./OrderFilters";
import { OrderPreview } from "./OrderPreview";

const ROW = 40;

export function OrdersList() {
  const qc = useQueryClient();
  const feed = useFeed();
  const { connects } = useConnection();
  const orders = useQuery({ queryKey: queryKeys.orders, queryFn: () => api.orders(MAX_LIST), staleTime: Infinity });
  const params = useSearchParams();
  const filter = useMemo(() => filterFromQuery(params), [params]);
  // Next.js keeps useSearchParams in step with history.replaceState, without a server round trip.
  const setFilter = useCallback(
    (f: ListFilter) => window.history.replaceState(null, "", `${window.location.pathname}${filterToQuery(f)}`),
    [],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const router = useRouter();
  const togglePick = (id: string, on: boolean) =>
    setPicked((p) => (on ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));
  const [scrolled, setScrolled] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Socket records patch the cached list; no refetch loop.
  useEffect(() => {
    if (!feed) return;
    return feed.onFresh((fresh) =>
      qc.setQueryData<readonly OrderSummary[]>(queryKeys.orders, (old) => (old ? applyEventsToList(old, fresh) : old)),
    );
  }, [feed, qc]);
  // When the list (re)loads, apply what the feed already holds; refetch after a reconnect.
  useEffect(() => {
    if (orders.dataUpdatedAt && feed)
      qc.setQueryData<readonly OrderSummary[]>(queryKeys.orders, (old) =>
        old ? applyEventsToList(old, feed.window.list()) : old,
      );
  }, [orders.dataUpdatedAt, feed, qc]);
  useEffect(() => {
    if (connects > 1) void qc.invalidateQueries({ queryKey: queryKeys.orders });
  }, [connects, qc]);

  const list = orders.data ?? [];
  const byId = useMemo(() => new Map(list.map((o) => [o.orderId, o])), [list]);
  const filteredIds = useMemo(() => filterOrders(list, filter).map((o) => o.orderId), [list, filter]);
  const shown = useRef<string[]>([]);
  const lastFilter = useRef(filter);
  const holding = (scrolled || selected !== null) && lastFilter.current === filter;
  lastFilter.current = filter;
  const { ids, waiting } = useMemo(() => heldIds(shown.current, filteredIds, holding), [filteredIds, holding]);
  shown.current = ids;

  const virtual = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const open = selected ? byId.get(selected) : undefined;

  return (
    <div className="stack">
      <div>
        <h1>Orders</h1>
        <p className="lead">
          Newest first, updated live.{" "}
          {orders.isLoading ? "Loading…" : `${list.length} orders loaded, ${ids.length} shown.`}
        </p>
      </div>
      <OrderFilters value={filter} onChange={setFilter} />
      <div className="row" role="group" aria-label="Compare orders">
        <button
          type="button"
          disabled={picked.length !== 2}
          onClick={() => router.push(compareHref(picked[0], picked[1]))}
        >
          Compare
        </button>
        <span className="small muted" role="status" aria-label="Orders ticked">
          {picked.length === 2
            ? "2 orders ticked: compare them side by side."
            : `Tick two orders to compare them (${picked.length} ticked).`}
        </span>
        {picked.length > 0 && (
          <button type="button" onClick={() => setPicked([])}>
            Clear ticks
          </button>
        )}
      </div>
      {waiting > 0 && (
        <div className="held-banner row">
          <button
            type="button"
            onClick={() => {
              setSelected(null);
              setScrolled(false);
              scrollRef.current?.scrollTo({ top: 0 });
            }}
          >
            Show {waiting} new {waiting === 1 ? "order" : "orders"}
          </button>
          <span className="small muted">The list holds still while you are scrolled down or have an order open.</span>
        </div>
      )}
      {orders.error && (
        <p className="alert" role="alert">
          Could not load the orders.
        </p>
      )}
      <div
        className="grid-2"
        style={{ gridTemplateColumns: open ? "minmax(0, 2.5fr) minmax(0, 1fr)" : "minmax(0, 1fr)" }}
      >
        <div role="table" aria-label="Orders" aria-rowcount={ids.length + 1}>
          <div role="row" className="orders-row orders-head">
            {["Compare", "Order", "User", "Mode", "Status", "Total", "Items", "Created"].map((h) => (
              <span role="columnheader" key={h} className={h === "Compare" ? "visually-hidden-text" : undefined}>
                {h}
              </span>
            ))}
          </div>
          <div
            ref={scrollRef}
            className="orders-viewport"
            onScroll={(e) => setScrolled(e.currentTarget.scrollTop > ROW)}
          >
            <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
              {virtual.getVirtualItems().map((v) => {
                const o = byId.get(ids[v.index]);
                if (!o) return null;
                return (
                  <div
                    key={o.orderId}
                    role="row"
                    aria-rowindex={v.index + 2}
                    aria-selected={selected === o.orderId}
                    data-order-id={o.orderId}
                    className="orders-row"
                    style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                    onClick={() => setSelected(o.orderId)}
                  >
                    <span role="cell">
                      <input
                        type="checkbox"
                        aria-label={`Tick order ${o.orderId} to compare`}
                        checked={picked.includes(o.orderId)}
                        onClick={(e) => e.stopPropagation()}
                        onChange={(e) => togglePick(o.orderId, e.target.checked)}
                      />
                    </span>
                    <span role="cell">
                      <code>{o.orderId}</code>
                    </span>
                    <span role="cell">{o.userId}</span>
                    <span role="cell">
                      <ModeBadge mode={o.mode} />
                    </span>
                    <span role="cell">
                      <StatusBadge status={o.status} reason={o.reason} />
                    </span>
                    <span role="cell">{o.totalAmount ?? "–"}</span>
                    <span role="cell">{o.itemCount}</span>
                    <span role="cell" className="small muted">
                      {new Date(o.createdAt).toLocaleTimeString()}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        {open && <OrderPreview order={open} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
