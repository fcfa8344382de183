"use client";
// The operator views' data: health and faults of every service, polled once a second while the
// page is open, and actions that say what happened and refresh both.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { serviceOps } from "../../_lib/operations";
import { adminApi, adminKeys, isLocked } from "../data/adminApi";
import { api, ApiError, queryKeys } from "../data/api";

export function useOperations() {
  const health = useQuery({ queryKey: queryKeys.health, queryFn: api.health, refetchInterval: 1000 });
  const faults = useQuery({
    queryKey: adminKeys.faults,
    queryFn: adminApi.faults,
    refetchInterval: 1000,
    retry: false,
  });
  const ops = useMemo(() => serviceOps(health.data, faults.data), [health.data, faults.data]);
  return { health: health.data, faults: faults.data, ops, locked: isLocked(faults.error) ? faults.error : null };
}

/** The message an operator API error carries, in words. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const body = err.body as { message?: string; error?: string } | null;
    return `${err.status} ${body?.error ?? ""}: ${body?.message ?? "no details"}`.replace(" :", ":");
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs an operator action, keeps its outcome in words for an aria-live status, then refetches. */
export function useAction() {
  const client = useQueryClient();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const run = useCallback(
    async (label: string, action: () => Promise<unknown>) => {
      setStatus({ ok: true, text: `${label}…` });
      try {
        const r = (await action()) as { detail?: string } | null;
        setStatus({
          ok: true,
          text: `${label}: done${r && typeof r === "object" && r.detail ? ` (${r.detail})` : ""}`,
        });
      } catch (err) {
        setStatus({ ok: false, text: `${label}: refused, ${errorText(err)}` });
      }
      await Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.faults }),
        client.invalidateQueries({ queryKey: queryKeys.health }),
      ]);
    },
    [client],
  );
  return { status, run };
}
