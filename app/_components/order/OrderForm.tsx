"use client";
// The ordering form: a user (with live balance), product lines (price and live stock) and
// quantities. Inputs are checked in the browser first; the API's 400 field errors are shown
// next to the same fields. Products and users refresh when the saga moves stock or points.
// A radio group picks the saga design that carries the order (choreography or orchestration).
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { SAGA_MODES, type SagaMode } from "../../../contracts/topics";
import {
  apiFieldErrors,
  toRequest,
  unplacedErrors,
  validateForm,
  type FieldErrorMap,
  type FormLine,
} from "../../_lib/orderForm";
import { api, ApiError, queryKeys } from "../data/api";
import { useInventoryInvalidation } from "../data/LiveProvider";
import { ItemLine } from "./ItemLine";
import { ModePicker } from "./ModePicker";

const points = (n: number) => `${n.toLocaleString("en-US")} points`;

export function OrderForm({ onPlaced }: { onPlaced(orderId: string, mode: SagaMode): void }) {
  useInventoryInvalidation();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: api.users });
  const products = useQuery({ queryKey: queryKeys.products, queryFn: api.products });
  const [userId, setUserId] = useState("");
  const [lines, setLines] = useState<FormLine[]>([{ productId: "", quantity: "1" }]);
  const [mode, setMode] = useState<SagaMode>(SAGA_MODES[0]);
  const [checkInBrowser, setCheckInBrowser] = useState(true);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [formError, setFormError] = useState<string | null>(null);

  const place = useMutation({
    mutationFn: (body: ReturnType<typeof toRequest>) => api.placeOrder(body),
    onSuccess: (r, body) => {
      setErrors({});
      setFormError(null);
      onPlaced(r.orderId, body.mode ?? SAGA_MODES[0]);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400) {
        const { map, message } = apiFieldErrors(err.body);
        setErrors(map);
        setFormError(`The server rejected the order: ${message}`);
      } else {
        setFormError(
          `The order could not be placed: ${err instanceof ApiError ? `HTTP ${err.status}` : (err as Error).message}`,
        );
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const form = { userId, lines, mode };
    if (checkInBrowser) {
      const found = validateForm(form);
      if (Object.keys(found).length) {
        setErrors(found);
        setFormError("Please correct the marked fields.");
        return;
      }
    }
    place.mutate(toRequest(form));
  };

  const productList = products.data ?? [];
  const user = users.data?.find((u) => u.id === userId);
  const total = lines.reduce(
    (sum, l) => sum + (productList.find((p) => p.id === l.productId)?.price ?? 0) * (Number(l.quantity) || 0),
    0,
  );
  const setLine = (i: number, patch: Partial<FormLine>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const extra = unplacedErrors(errors, lines.length);

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-label="Place an order">
      <h2>New order</h2>
      {(users.error || products.error) && (
        <p className="alert" role="alert">
          Could not load users or products. Is the app running?
        </p>
      )}
      <div className="field">
        <label htmlFor="user">User</label>
        <select
          id="user"
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          aria-invalid={!!errors.userId}
          aria-describedby={errors.userId ? "user-error" : undefined}
        >
          <option value="">Choose a user…</option>
          {(users.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>{`${u.name} — balance ${points(u.balance)}`}</option>
          ))}
        </select>
        {errors.userId && (
          <span id="user-error" className="field-error">
            {errors.userId}
          </span>
        )}
        {user && (
          <span className="small muted" aria-live="polite">
            Balance: {points(user.balance)}
          </span>
        )}
      </div>
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="small muted">Items</legend>
        {lines.map((l, i) => (
          <ItemLine
            key={i}
            index={i}
            line={l}
            products={productList}
            errors={errors}
            canRemove={lines.length > 1}
            onChange={(p) => setLine(i, p)}
            onRemove={() => setLines((ls) => ls.filter((_, j) => j !== i))}
          />
        ))}
        {errors.items && <span className="field-error">{errors.items}</span>}
        <div>
          <button type="button" onClick={() => setLines((ls) => [...ls, { productId: "", quantity: "1" }])}>
            Add another product
          </button>
        </div>
      </fieldset>
      <ModePicker value={mode} onChange={setMode} />
      <div className="row small">
        <label className="row" style={{ gap: 6 }}>
          <input type="checkbox" checked={checkInBrowser} onChange={(e) => setCheckInBrowser(e.target.checked)} />
          Check inputs in the browser before sending
        </label>
      </div>
      {formError && (
        <p className="alert" role="alert">
          {formError}
          {extra.length > 0 && <> ({extra.join("; ")})</>}
        </p>
      )}
      <div className="row" style={{ justifyContent: "space-between" }}>
        <span className="muted">
          Estimated total: <strong>{points(total)}</strong>
        </span>
        <button type="submit" className="primary" disabled={place.isPending}>
          {place.isPending ? "Placing…" : "Place order"}
        </button>
      </div>
    </form>
  );
}
