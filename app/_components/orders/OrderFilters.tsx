"use client";
// Filter the orders list by status, cancel reason and saga mode, and search by order id or user.
import { CANCEL_REASONS, ORDER_STATUSES, SAGA_MODES } from "../../../contracts/topics";
import type { ListFilter } from "../../_lib/orderList";
import { MODE_LABEL, reasonText } from "../../_lib/topology";

export function OrderFilters({ value, onChange }: { value: ListFilter; onChange(f: ListFilter): void }) {
  return (
    <div className="row" role="search" aria-label="Filter orders">
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select
          id="f-status"
          value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as ListFilter["status"] })}
        >
          <option value="">Any status</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-reason">Reason</label>
        <select
          id="f-reason"
          value={value.reason}
          onChange={(e) => onChange({ ...value, reason: e.target.value as ListFilter["reason"] })}
        >
          <option value="">Any reason</option>
          {CANCEL_REASONS.map((r) => (
            <option key={r} value={r}>
              {reasonText(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-mode">Mode</label>
        <select
          id="f-mode"
          value={value.mode}
          onChange={(e) => onChange({ ...value, mode: e.target.value as ListFilter["mode"] })}
        >
          <option value="">Any mode</option>
          {SAGA_MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABEL[m].toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="field" style={{ flex: 1, minWidth: 220 }}>
        <label htmlFor="f-q">Search order id or user</label>
        <input
          id="f-q"
          type="search"
          value={value.q}
          placeholder="e.g. u-alice or the start of an order id"
          onChange={(e) => onChange({ ...value, q: e.target.value })}
        />
      </div>
    </div>
  );
}
