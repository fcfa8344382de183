"use client";
// The chaos panel under the saga map: per service, its health, backlog and faults with the
// controls to inject them; a poison message for any consumed topic; what happened, in words.
// Everything goes through the operator API (saga.md, "Additions"), which may be locked.
import { useState } from "react";
import type { FaultsView } from "../../../contracts/admin";
import type { HealthView } from "../../../contracts/api";
import type { BridgeStats } from "../../../contracts/socket";
import { SERVICES, TOPICS, type ServiceName, type TopicName } from "../../../contracts/topics";
import type { ServiceOps } from "../../_lib/operations";
import { adminApi } from "../data/adminApi";
import { LockNotice } from "./LockNotice";
import { ServiceChaos } from "./ServiceChaos";
import { useAction } from "./useOperations";

const POISONABLE = TOPICS.filter((t) => t !== "saga-dlq");

type Props = {
  health: HealthView | undefined;
  faults: FaultsView | undefined;
  ops: Record<ServiceName, ServiceOps>;
  locked: unknown;
  stats: BridgeStats | null;
};

export function ChaosPanel({ health, faults, ops, locked, stats }: Props) {
  const { status, run } = useAction();
  const [topic, setTopic] = useState<TopicName>("order-create");
  const disabled = locked !== null;
  return (
    <section className="panel stack" aria-labelledby="chaos-title">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="chaos-title" style={{ margin: 0 }}>
          Chaos panel
        </h2>
        <span className="small muted">
          Faults are off by default and stay in force until cleared or the process restarts.
        </span>
      </div>
      {locked !== null && <LockNotice error={locked} />}
      <div className="chaos-grid">
        {SERVICES.map((s) => {
          const f = faults?.[s];
          return (
            <ServiceChaos
              key={s}
              service={s}
              health={health?.services[s]}
              fault={f && !("unreachable" in f) ? f : null}
              ops={ops[s]}
              lag={stats?.nodes[s]?.lag ?? null}
              disabled={disabled}
              run={run}
            />
          );
        })}
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(`Poison ${topic}`, () => adminApi.poison(topic));
        }}
      >
        <label className="row small">
          Poison message to
          <select
            value={topic}
            onChange={(e) => setTopic(e.target.value as TopicName)}
            disabled={disabled}
            aria-label="Topic to poison"
          >
            {POISONABLE.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={disabled}>
          Publish poison
        </button>
        <span className="small muted">A record that is not an envelope: its consumers dead-letter it and move on.</span>
      </form>
      <p
        role="status"
        aria-live="polite"
        className={`small ${status && !status.ok ? "bad" : ""}`}
        data-testid="chaos-status"
        style={{ margin: 0, minHeight: "1.2em" }}
      >
        {status?.text ?? ""}
      </p>
    </section>
  );
}
