"use client";
// The race's settings: how many orders per mode and the share of each kind, with the order each
// kind becomes (from the live catalogue), Run and Stop.
import { useState, type FormEvent } from "react";
import type { ProductView, UserView } from "../../../contracts/api";
import {
  DEFAULT_MIX,
  DEFAULT_PER_MODE,
  MAX_PER_MODE,
  RACE_KINDS,
  RACE_KIND_LABEL,
  raceInputError,
  type RaceKind,
  type RaceOrder,
} from "../../_lib/modeRace";
import type { RaceRequest } from "./useModeRace";

type Props = {
  orders: Record<RaceKind, RaceOrder> | { error: string } | null;
  products: ProductView[];
  users: UserView[];
  running: boolean;
  onRun: (r: RaceRequest) => void;
  onStop: () => void;
};

const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);

function describe(o: RaceOrder, products: ProductView[], users: UserView[]): string {
  const user = users.find((u) => u.id === o.userId)?.name ?? o.userId;
  return o.items
    .map((i) => `${user} buys ${i.quantity} × ${products.find((p) => p.id === i.productId)?.name ?? i.productId}`)
    .join(", ");
}

export function RaceForm({ orders, products, users, running, onRun, onStop }: Props) {
  const [perMode, setPerMode] = useState(String(DEFAULT_PER_MODE));
  const [mix, setMix] = useState<Record<RaceKind, string>>({
    happy: String(DEFAULT_MIX.happy),
    "out-of-stock": String(DEFAULT_MIX["out-of-stock"]),
    "too-few-points": String(DEFAULT_MIX["too-few-points"]),
  });
  const numbers = {
    perMode: whole(perMode),
    mix: {
      happy: whole(mix.happy),
      "out-of-stock": whole(mix["out-of-stock"]),
      "too-few-points": whole(mix["too-few-points"]),
    },
  };
  const inputError = raceInputError(numbers.perMode, numbers.mix);
  const catalogueError = orders && "error" in orders ? orders.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!inputError && !running) onRun(numbers);
  };
  return (
    <form className="stack" style={{ gap: 10 }} onSubmit={submit} aria-label="Race settings">
      <div className="row" style={{ alignItems: "flex-end" }}>
        <div className="field">
          <label htmlFor="race-per-mode">Orders per mode</label>
          <input
            id="race-per-mode"
            type="number"
            min={1}
            max={MAX_PER_MODE}
            value={perMode}
            onChange={(e) => setPerMode(e.target.value)}
            disabled={running}
            style={{ width: 110 }}
          />
        </div>
        {RACE_KINDS.map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`race-mix-${k}`}>{RACE_KIND_LABEL[k]} (%)</label>
            <input
              id={`race-mix-${k}`}
              type="number"
              min={0}
              max={100}
              value={mix[k]}
              onChange={(e) => setMix({ ...mix, [k]: e.target.value })}
              disabled={running}
              style={{ width: 110 }}
            />
          </div>
        ))}
        <button type="submit" className="primary" disabled={running || !!inputError || !orders || !!catalogueError}>
          Run the race
        </button>
        {running ? (
          <button type="button" onClick={onStop}>
            Stop
          </button>
        ) : null}
      </div>
      {inputError ? (
        <p className="field-error" role="alert">
          Check the numbers: {inputError}.
        </p>
      ) : null}
      {catalogueError ? (
        <p className="alert" role="alert">
          Cannot build the orders: {catalogueError}.
        </p>
      ) : null}
      {orders && !("error" in orders) ? (
        <ul className="small muted" aria-label="The orders each kind places" style={{ margin: 0 }}>
          {RACE_KINDS.map((k) => (
            <li key={k}>
              {RACE_KIND_LABEL[k]}: {describe(orders[k], products, users)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="small muted" style={{ margin: 0 }}>
        Each order is placed in choreography, then the same order in orchestration, and so on, four requests at a time;
        then every order is followed to its end (GET /api/orders/:id). Latency runs from the first step&apos;s time to
        the step that ends the saga; figures count an order once its notification has gone out.
      </p>
    </form>
  );
}
