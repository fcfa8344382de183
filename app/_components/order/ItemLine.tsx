"use client";
// One product line of the order form: product (with price and live stock), quantity, errors.
import type { ProductView } from "../../../contracts/api";
import type { FieldErrorMap, FormLine } from "../../_lib/orderForm";

type Props = {
  index: number;
  line: FormLine;
  products: ProductView[];
  errors: FieldErrorMap;
  canRemove: boolean;
  onChange(patch: Partial<FormLine>): void;
  onRemove(): void;
};

export function ItemLine({ index, line, products, errors, canRemove, onChange, onRemove }: Props) {
  const n = index + 1;
  const productError = errors[`items.${index}.productId`] ?? errors[`items.${index}`];
  const quantityError = errors[`items.${index}.quantity`];
  const chosen = products.find((p) => p.id === line.productId);
  return (
    <div className="row" style={{ alignItems: "flex-start" }} data-line={index}>
      <div className="field" style={{ flex: 3 }}>
        <label htmlFor={`product-${index}`}>Product {n}</label>
        <select
          id={`product-${index}`}
          value={line.productId}
          onChange={(e) => onChange({ productId: e.target.value })}
          aria-invalid={!!productError}
          aria-describedby={productError ? `product-${index}-error` : undefined}
        >
          <option value="">Choose a product…</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>{`${p.name} — ${p.price} points — ${p.stock} in stock`}</option>
          ))}
        </select>
        {chosen && <span className="small muted">In stock: {chosen.stock}</span>}
        {productError && (
          <span id={`product-${index}-error`} className="field-error">
            {productError}
          </span>
        )}
      </div>
      <div className="field" style={{ flex: 1 }}>
        <label htmlFor={`quantity-${index}`}>Quantity {n}</label>
        <input
          id={`quantity-${index}`}
          inputMode="numeric"
          value={line.quantity}
          onChange={(e) => onChange({ quantity: e.target.value })}
          aria-invalid={!!quantityError}
          aria-describedby={quantityError ? `quantity-${index}-error` : undefined}
        />
        {quantityError && (
          <span id={`quantity-${index}-error`} className="field-error">
            {quantityError}
          </span>
        )}
      </div>
      {canRemove && (
        <button type="button" onClick={onRemove} aria-label={`Remove product ${n}`} style={{ marginTop: 22 }}>
          Remove
        </button>
      )}
    </div>
  );
}
