// The URLs that carry a view's state, so that a link opens the same view: a journey with one
// step selected (/orders/:id?step=N) and two orders compared (/compare?a=..&b=..).

/** ?step=N when N is a whole number from 1; anything else selects nothing. */
export function stepFromQuery(value: string | null | undefined): number | null {
  if (!value || !/^[1-9]\d{0,5}$/.test(value)) return null;
  return Number(value);
}

/** The query string with `step` set (or removed), other parameters kept. */
export function withStep(search: string, step: number | null): string {
  const params = new URLSearchParams(search);
  if (step === null) params.delete("step");
  else params.set("step", String(step));
  const q = params.toString();
  return q ? `?${q}` : "";
}

export function journeyHref(orderId: string, step?: number | null): string {
  return `/orders/${encodeURIComponent(orderId)}${step ? `?step=${step}` : ""}`;
}

export function compareHref(a: string, b: string): string {
  return `/compare?${new URLSearchParams({ a: a.trim(), b: b.trim() }).toString()}`;
}

/** The two order ids of /compare, trimmed; null where missing or blank. */
export function compareIds(params: { get(name: string): string | null }): { a: string | null; b: string | null } {
  const read = (name: string) => params.get(name)?.trim() || null;
  return { a: read("a"), b: read("b") };
}
