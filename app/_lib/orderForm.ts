// The ordering form as data: what the user typed, the request it becomes, and field errors
// keyed exactly like the API's (`items.0.quantity`), whether the browser or the server found them.
import { CreateOrderRequest, fieldErrors, type ErrorBody } from "../../contracts/api";
import type { SagaMode } from "../../contracts/topics";

export type FormLine = { productId: string; quantity: string };
/** `mode`: the saga design chosen on the form (the API's default, choreography, when absent). */
export type OrderForm = { userId: string; lines: FormLine[]; mode?: SagaMode };
export type FieldErrorMap = Record<string, string>;

/** A typed number becomes a number; anything else is sent as typed, for the server to judge. */
function quantityValue(text: string): number | string {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

export function toRequest(form: OrderForm): {
  userId: string;
  items: { productId: string; quantity: number | string }[];
  mode?: SagaMode;
} {
  const items = form.lines.map((l) => ({ productId: l.productId, quantity: quantityValue(l.quantity) }));
  return form.mode ? { userId: form.userId, items, mode: form.mode } : { userId: form.userId, items };
}

export function validateForm(form: OrderForm): FieldErrorMap {
  const parsed = CreateOrderRequest.safeParse(toRequest(form));
  const errors: FieldErrorMap = {};
  if (!parsed.success) for (const f of fieldErrors(parsed.error)) errors[f.field] ??= f.message;
  form.lines.forEach((l, i) => {
    if (!l.productId) errors[`items.${i}.productId`] ??= "choose a product";
    if (l.quantity.trim() === "") errors[`items.${i}.quantity`] = "enter a quantity";
  });
  return errors;
}

export function apiFieldErrors(body: unknown): { map: FieldErrorMap; message: string } {
  const b = (body ?? {}) as Partial<ErrorBody>;
  const map: FieldErrorMap = {};
  for (const f of b.fields ?? []) map[f.field] ??= f.message;
  return { map, message: b.message ?? b.error ?? "the server rejected the order" };
}

/** Errors that belong to no field on screen (shown above the form). */
export function unplacedErrors(errors: FieldErrorMap, lineCount: number): string[] {
  const placed = new Set(["userId", "items"]);
  for (let i = 0; i < lineCount; i++) placed.add(`items.${i}.productId`).add(`items.${i}.quantity`).add(`items.${i}`);
  return Object.entries(errors)
    .filter(([k]) => !placed.has(k))
    .map(([k, v]) => `${k}: ${v}`);
}
