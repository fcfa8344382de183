"use client";
// One service in the chaos panel: its health and backlog, the faults in force, and the controls
// that inject them (fail the next N, fail a share, add latency, pause, clear, crash).
import { useState } from "react";
import type { FaultSettings, FaultState } from "../../../contracts/admin";
import type { ServiceHealth } from "../../../contracts/api";
import type { ServiceName } from "../../../contracts/topics";
import type { ServiceOps } from "../../_lib/operations";
import { adminApi } from "../data/adminApi";

type Props = {
  service: ServiceName;
  health: ServiceHealth | undefined;
  fault: FaultState | null;
  ops: ServiceOps;
  lag: number | null;
  disabled: boolean;
  run(label: string, action: () => Promise<unknown>): Promise<void>;
};

export function ServiceChaos({ service, health, fault, ops, lag, disabled, run }: Props) {
  const [failNext, setFailNext] = useState(3);
  const [ratePct, setRatePct] = useState(25);
  const [delayMs, setDelayMs] = useState(500);
  const name = `the ${service} service`;
  const set = (label: string, settings: FaultSettings) => run(label, () => adminApi.setFaults(service, settings));
  const healthText = !health
    ? "checking…"
    : ops.down
      ? `down: ${ops.detail}`
      : `up · database ${health.database ?? "?"} · broker ${health.broker ?? "?"}`;

  return (
    <section
      className={`panel chaos-card ${ops.down ? "tone-failed" : ops.fault ? "tone-waiting" : ""}`}
      aria-label={`Chaos controls of ${name}`}
    >
      <div className="row" style={{ justifyContent: "space-between" }}>
        <strong style={{ textTransform: "capitalize" }}>{service}</strong>
        <span className={`badge ${ops.down ? "badge-cancelled" : "badge-completed"}`} data-testid={`health-${service}`}>
          {ops.down ? "down" : health ? "up" : "…"}
        </span>
      </div>
      <p className="small muted" style={{ margin: 0 }}>
        {healthText}
      </p>
      <p className="small" style={{ margin: 0 }} data-testid={`fault-${service}`}>
        {ops.fault ? (
          <span className="badge badge-pending">fault: {ops.fault}</span>
        ) : (
          <span className="muted">no fault</span>
        )}
        {ops.injected > 0 && <span className="muted"> · {ops.injected} failures injected</span>}
      </p>
      <p className="small" style={{ margin: 0 }}>
        Backlog: <strong data-testid={`lag-${service}`}>{lag === null ? "?" : lag}</strong> unread · outbox{" "}
        {health?.outboxDepth ?? "?"}
        {health?.deadLettered ? ` · ${health.deadLettered} dead-lettered` : ""}
        {health?.shed ? (
          <span data-testid={`shed-${service}`}> · {health.shed} orders shed (503, over capacity)</span>
        ) : (
          ""
        )}
      </p>
      <fieldset disabled={disabled} className="chaos-controls">
        <legend className="small muted">Inject</legend>
        <div className="row">
          <input
            type="number"
            min={1}
            max={1000}
            value={failNext}
            onChange={(e) => setFailNext(Number(e.target.value))}
            aria-label={`How many messages of ${name} to fail`}
          />
          <button
            type="button"
            onClick={() => set(`Fail the next ${failNext} messages of ${service}`, { failNext })}
            aria-label={`Fail the next messages of ${name}`}
          >
            Fail next N
          </button>
        </div>
        <div className="row">
          <input
            type="number"
            min={0}
            max={100}
            value={ratePct}
            onChange={(e) => setRatePct(Number(e.target.value))}
            aria-label={`Share of messages of ${name} to fail, in percent`}
          />
          <button
            type="button"
            onClick={() => set(`Fail ${ratePct}% of ${service}'s messages`, { failRate: ratePct / 100 })}
            aria-label={`Fail a share of the messages of ${name}`}
          >
            Fail %
          </button>
        </div>
        <div className="row">
          <input
            type="number"
            min={0}
            max={60000}
            step={100}
            value={delayMs}
            onChange={(e) => setDelayMs(Number(e.target.value))}
            aria-label={`Latency to add to each message of ${name}, in ms`}
          />
          <button
            type="button"
            onClick={() => set(`Add ${delayMs} ms to ${service}`, { delayMs })}
            aria-label={`Add latency to ${name}`}
          >
            Add latency
          </button>
        </div>
        <div className="row">
          {fault?.paused ? (
            <button
              type="button"
              onClick={() => set(`Resume ${service}`, { paused: false })}
              aria-label={`Resume ${name}`}
            >
              Resume
            </button>
          ) : (
            <button
              type="button"
              onClick={() => set(`Pause ${service}`, { paused: true })}
              aria-label={`Pause ${name}`}
            >
              Pause
            </button>
          )}
          <button
            type="button"
            onClick={() => run(`Clear the faults of ${service}`, () => adminApi.clearFaults(service))}
            aria-label={`Clear the faults of ${name}`}
          >
            Clear
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => run(`Crash ${service}`, () => adminApi.crash(service))}
            aria-label={`Crash ${name}`}
          >
            Crash
          </button>
        </div>
      </fieldset>
    </section>
  );
}
